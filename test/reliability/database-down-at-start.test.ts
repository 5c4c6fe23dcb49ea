import { randomBytes } from 'node:crypto';
import { common } from '../../src/strings';
import { freePort, startFerretDb, type FerretDbServer } from '../support/ferretdb';
import {
  activity,
  addPerson,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../support/app-under-test';
import { describeWithFerret, ferretBinary, noteSkipped, until } from './support/ferret-gate';

noteSkipped('database-down-at-start');

async function readyz(
  baseUrl: string,
): Promise<{ status: number; body: { status?: string; reason?: string } }> {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as { status?: string; reason?: string } };
}

describeWithFerret('when MongoDB is down while the bot starts', () => {
  const data = tempDataDir();
  let ferret: FerretDbServer | undefined;
  let running: RunningApp | undefined;

  afterAll(async () => {
    await running?.stop();
    await ferret?.stop();
    data.remove();
  }, 30_000);

  it('then the bot starts, /readyz is 503 with the reason, users are told the records are unreachable, and it recovers by itself when the database comes up', async () => {
    const port = await freePort();
    const started = Date.now();
    running = await startApp({
      MONGODB_URL: `mongodb://127.0.0.1:${port}/`,
      MONGODB_DB: `down_${randomBytes(4).toString('hex')}`,
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '500',
      DATA_DIR: data.dir,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(running.logs.text()).toContain('cannot be reached at start-up');

    const down = await readyz(running.baseUrl);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.reason).toMatch(/mongo store unreachable/);

    const turn = await post(running.baseUrl, activity('help', 'aad-down'));
    expect(turn.status).toBe(200);
    expect(replyTexts(turn)).toEqual([common.storeUnavailable]);

    ferret = await startFerretDb({ port, binary: ferretBinary });
    const up = await until(
      () => readyz(running!.baseUrl),
      (r) => r.status === 200,
      20_000,
    );
    expect(up.value.body.status).toBe('ok');

    await addPerson(running.app, 'aad-down', 'Dana Example');
    const again = await until(
      () => post(running!.baseUrl, activity('help', 'aad-down')),
      (p) => !replyTexts(p).includes(common.storeUnavailable),
      20_000,
    );
    expect(replyTexts(again.value).join()).toMatch(/Hello Dana|What I can do/);
    const help = await post(running.baseUrl, activity('help', 'aad-down'));
    expect(replyTexts(help).join()).toContain(common.help.title);
    // The server kind is learnt once it answers: FerretDB 1.x gets its writes serialised again.
    await running.app.store.ping();
    process.stderr.write(
      `database down at start: /readyz 200 ${up.elapsed} ms after the database came up, turns ${again.elapsed} ms later\n`,
    );
  }, 90_000);
});
