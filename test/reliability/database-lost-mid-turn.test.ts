import { generateSync } from 'otplib';
import { EmbeddedDocumentStore } from '../../src/adapters/embedded/embedded-document-store';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { common } from '../../src/strings';
import { LogCapture } from '../unit/bot/support/bot-harness';
import { activity, addPerson, post, replyTexts, tempDataDir } from '../support/app-under-test';
import { FailingStore } from './support/failing-store';
import { manualKeyIn } from '../support/register-card';

jest.setTimeout(120_000);

const code = (secret: string): string => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });

describe('the database is lost in the middle of a turn', () => {
  const data = tempDataDir();
  const store = new FailingStore(new EmbeddedDocumentStore({ inMemory: true }));
  const logs = new LogCapture();
  let app: App;
  let base: string;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', DATA_DIR: data.dir });
    app = await createApp(config, {
      store,
      logger: createLogger({ level: 'debug', destination: logs.stream }),
    });
    base = `http://127.0.0.1:${(await app.listen(0)).port}`;
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const say = async (who: string, text: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await post(base, activity(text, who, extra));
    expect(res.status).toBe(200);
    return replyTexts(res).join('\n');
  };
  const toRegister = async (who: string): Promise<string> => {
    await addPerson(app, who, 'Lee Example');
    await say(who, 'hi');
    await say(who, 'set up');
    await say(who, "Let's start");
    await say(who, 'Work phone');
    return manualKeyIn(await say(who, "I've installed it"));
  };
  const verifiedAudits = async (who: string): Promise<number> =>
    app.store
      .collection<{ action: string }>('auditLog')
      .count({ action: 'enrolment.practice-completed', target: who });

  it('when any write of the code turn fails, then the person is told to try again, nothing half-done remains, and the next code finishes the enrolment exactly once', async () => {
    // How many writes a successful code turn makes.
    const probe = await toRegister('aad-probe');
    store.countWrites();
    expect(await say('aad-probe', code(probe))).toContain('Practice complete');
    const writes = store.writes;
    expect(writes).toBeGreaterThan(1);

    for (let n = 1; n <= writes; n++) {
      const who = `aad-lost-${n}`;
      const secret = await toRegister(who);
      store.failWrite(n);
      const failed = await say(who, code(secret));
      store.heal();
      if (!failed.includes(common.storeUnavailable)) {
        const errors = logs
          .text()
          .split('\n')
          .filter((l) => l.includes('turn failed'))
          .slice(-1);
        process.stderr.write(`write ${n}: ${errors.join('').slice(0, 1500)}\n`);
      }
      expect(failed).toContain(common.storeUnavailable);

      const next = await say(who, code(secret));
      const staff = await app.services.staff.findByAadObjectId(who);
      expect({ n, done: next.includes('Practice complete') || next.includes('already') }).toEqual({
        n,
        done: true,
      });
      expect(staff?.enrolment.practiceCompletedAt).toBeDefined();
      expect(staff?.methods).toEqual([]);
      expect(staff?.enrolment.step).toBe('done');
      expect(await verifiedAudits(who)).toBeLessThanOrEqual(1);
    }
    process.stderr.write(
      `database lost mid-turn: failed each of the ${writes} writes of the code turn in turn\n`,
    );
  });

  it('when a write fails at the device step, then the same answer typed again moves on correctly', async () => {
    await addPerson(app, 'aad-step', 'Step Example');
    await say('aad-step', 'hi');
    await say('aad-step', 'set up');
    await say('aad-step', "Let's start");
    store.failWrite(1);
    expect(await say('aad-step', 'Work phone')).toContain(common.storeUnavailable);
    store.heal();
    const again = await say('aad-step', 'Work phone');
    expect(again).toMatch(/Authenticator/);
    expect((await app.services.staff.findByAadObjectId('aad-step'))?.enrolment.step).not.toBe('not-started');
  });
});
