import { randomBytes } from 'node:crypto';
import { common } from '../../../src/strings';
import { findFerretDbBinary, startFerretDb, type FerretDbServer } from '../../support/ferretdb';
import {
  activity,
  addPerson,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../../support/app-under-test';

const binary = findFerretDbBinary();
if (!binary && process.env.CI === 'true')
  throw new Error('CI needs a ferretdb binary for the MongoDB server tests');
const describeWithFerret = binary ? describe : describe.skip;
if (!binary)
  process.stderr.write('SKIPPED app-mongo tests: no ferretdb binary (see test/support/ferretdb.ts)\n');

async function readyz(baseUrl: string): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, body: await res.json(), ms: Date.now() - started };
}

async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms: number,
): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    const elapsed = Date.now() - started;
    if (ok(value)) return { value, elapsed };
    if (elapsed > ms) throw new Error(`condition not met within ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describeWithFerret(
  'the bot service on MongoDB (a dedicated FerretDB) when the database goes away and comes back',
  () => {
    const data = tempDataDir();
    let ferret: FerretDbServer;
    let running: RunningApp;

    beforeAll(async () => {
      ferret = await startFerretDb({ binary });
      running = await startApp({
        MONGODB_URL: ferret.url,
        MONGODB_DB: `bot_${randomBytes(4).toString('hex')}`,
        MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500',
        DATA_DIR: data.dir,
      });
      await addPerson(running.app, 'aad-m1', 'Morgan Lee');
    }, 60_000);

    afterAll(async () => {
      await running?.stop();
      await ferret?.stop();
      data.remove();
    }, 30_000);

    it('when the database is up, then the bot is ready and answers on the mongo store', async () => {
      expect(running.app.store.kind).toBe('mongo');
      expect((await readyz(running.baseUrl)).status).toBe(200);
      const hello = await post(running.baseUrl, activity('hi', 'aad-m1'));
      expect(replyTexts(hello).join()).toContain('Hello Morgan');
    });

    it('when the database stops, then /readyz says 503 within 5 s and a turn gets the "try again" message; when it restarts, both recover without restarting the bot', async () => {
      await ferret.stop();

      const down = await until(
        () => readyz(running.baseUrl),
        (r) => r.status === 503,
        5_000,
      );
      expect(down.elapsed).toBeLessThan(5_000);
      expect(down.value.ms).toBeLessThan(2_000);
      expect(down.value.body).toMatchObject({
        status: 'unavailable',
        reason: expect.stringContaining('mongo'),
      });

      const started = Date.now();
      const turn = await post(running.baseUrl, activity('help', 'aad-m1'));
      expect(turn.status).toBe(200);
      expect(replyTexts(turn)).toEqual([common.storeUnavailable]);
      const turnMs = Date.now() - started;
      expect(turnMs).toBeLessThan(10_000);

      await ferret.restart();
      const up = await until(
        () => readyz(running.baseUrl),
        (r) => r.status === 200,
        20_000,
      );
      expect(up.value.body).toMatchObject({ status: 'ok', store: 'mongo' });

      const again = await until(
        () => post(running.baseUrl, activity('help', 'aad-m1')),
        (p) => !replyTexts(p).includes(common.storeUnavailable),
        20_000,
      );
      expect(replyTexts(again.value)[0]).toContain(common.help.title);
      process.stderr.write(
        `database outage timings: /readyz 503 after ${down.elapsed} ms (answered in ${down.value.ms} ms), ` +
          `turn answered in ${turnMs} ms, /readyz 200 ${up.elapsed} ms after restart, turns back ${again.elapsed} ms later\n`,
      );
    }, 90_000);
  },
);
