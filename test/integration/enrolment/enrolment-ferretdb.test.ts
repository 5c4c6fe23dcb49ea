import { MongoDocumentStore } from '../../../src/adapters/mongo/mongo-document-store';
import { StoreOtpAttemptRepository } from '../../../src/adapters/store/otp-attempt-repository';
import { mongoTestUrl, uniqueDbName } from '../../support/store-factories';
import { appCode, FakeClock, makeWorld, USER, type World } from '../../unit/enrolment/enrolment-harness';

jest.setTimeout(120_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED enrolment FerretDB tests: no MongoDB in this run\n');

/** Two bot instances: separate connections and services over one database, one clock. */
run('enrolment against FerretDB: two bot instances', () => {
  let stores: MongoDocumentStore[] = [];
  let a: World;
  let b: World;

  beforeEach(async () => {
    const db = uniqueDbName('enrolment');
    const open = (): Promise<MongoDocumentStore> =>
      MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
    stores = [await open(), await open()];
    const clock = new FakeClock();
    a = await makeWorld({ store: stores[0], clock, seed: true });
    b = await makeWorld({ store: stores[1], clock, notifier: a.notifier });
  });

  afterEach(async () => {
    await stores[0]?.dropDatabase();
    for (const s of stores) await s.close();
  });

  it('when two instances verify the same code at the same moment, then exactly one accepts it (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const view = await a.services.app.issueSecret(USER.aadObjectId, USER.upn);
      const code = appCode(view.manualKey.replace(/\s/g, ''), a.clock.now());
      const results = await Promise.all([
        a.services.app.verify(USER.aadObjectId, code),
        b.services.app.verify(USER.aadObjectId, code),
        a.services.app.verify(USER.aadObjectId, code),
        b.services.app.verify(USER.aadObjectId, code),
      ]);
      expect(results.filter((r) => r.kind === 'verified')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'replayed')).toHaveLength(3);
    }
  });

  it('when wrong codes go to alternating instances, then the lockout counts them together and both refuse', async () => {
    const view = await a.services.app.issueSecret(USER.aadObjectId, USER.upn);
    const secret = view.manualKey.replace(/\s/g, '');
    const wrong = appCode(secret, a.clock.now()) === '000000' ? '111111' : '000000';
    const instances = [a, b, a, b];
    for (const [i, w] of instances.entries()) {
      expect(await w.services.app.verify(USER.aadObjectId, wrong)).toEqual({
        kind: 'wrong',
        attemptsLeft: 4 - i,
      });
    }
    expect(await b.services.app.verify(USER.aadObjectId, wrong)).toMatchObject({
      kind: 'locked',
      justLocked: true,
    });
    expect(await a.services.app.verify(USER.aadObjectId, appCode(secret, a.clock.now()))).toMatchObject({
      kind: 'locked',
    });
    a.clock.advance(15 * 60_000 + 1000);
    expect(await b.services.app.verify(USER.aadObjectId, appCode(secret, a.clock.now()))).toMatchObject({
      kind: 'verified',
    });
  });

  it('when 60 attempts race on both instances, then exactly the limit is counted, the rest are refused and the lock is set once', async () => {
    const repos = [new StoreOtpAttemptRepository(stores[0]), new StoreOtpAttemptRepository(stores[1])];
    const policy = { maxAttempts: 5, lockoutMs: 15 * 60_000 };
    const now = a.clock.now();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => repos[i % 2].reserve(USER.aadObjectId, now, policy)),
    );
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(5);
    expect(allowed.map((r) => r.failures).sort()).toEqual([1, 2, 3, 4, 5]);
    const locks = new Set(results.map((r) => r.lockedUntil?.getTime()).filter((t) => t !== undefined));
    expect(locks.size).toBe(1);
    expect(await repos[0].get(USER.aadObjectId, now, policy)).toMatchObject({ failures: 5 });
    expect((await repos[1].get(USER.aadObjectId, now, policy)).lockedUntil).toBeDefined();
  });

  it('when 60 wrong codes race on both instances, then exactly 5 are checked and counted, then the right code is locked out', async () => {
    const view = await a.services.app.issueSecret(USER.aadObjectId, USER.upn);
    const secret = view.manualKey.replace(/\s/g, '');
    const right = appCode(secret, a.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? b : a).services.app.verify(USER.aadObjectId, wrong)),
    );
    const checked = results.filter((r) => r.kind === 'wrong' || (r.kind === 'locked' && r.justLocked));
    expect(checked).toHaveLength(5);
    expect(results.filter((r) => r.kind === 'locked' && r.justLocked)).toHaveLength(1);
    const repo = new StoreOtpAttemptRepository(stores[0]);
    expect(
      await repo.get(USER.aadObjectId, a.clock.now(), { maxAttempts: 5, lockoutMs: 15 * 60_000 }),
    ).toMatchObject({ failures: 5 });
    expect(await b.services.app.verify(USER.aadObjectId, right)).toMatchObject({ kind: 'locked' });
  });

  it('when 60 wrong app and phone codes race on both instances, then exactly 5 are checked and counted, on one shared limit', async () => {
    const view = await a.services.app.issueSecret(USER.aadObjectId, USER.upn);
    const right = appCode(view.manualKey.replace(/\s/g, ''), a.clock.now());
    const wrongApp = right === '000000' ? '111111' : '000000';
    expect(await a.services.phone.send(USER.aadObjectId, '+447400123456', 'sms')).toMatchObject({
      kind: 'sent',
    });
    const sms = a.notifier.lastCode;
    const wrongSms = sms === '000000' ? '111111' : '000000';
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const w = i % 2 ? b : a;
        return i % 3 === 0
          ? w.services.phone.verify(USER.aadObjectId, wrongSms)
          : w.services.app.verify(USER.aadObjectId, wrongApp);
      }),
    );
    const checked = results.filter((r) => r.kind === 'wrong' || (r.kind === 'locked' && r.justLocked));
    expect(checked).toHaveLength(5);
    expect(results.filter((r) => r.kind === 'locked' && r.justLocked)).toHaveLength(1);
    expect(await b.services.app.verify(USER.aadObjectId, right)).toMatchObject({ kind: 'locked' });
    expect(await a.services.phone.send(USER.aadObjectId, '+447400123456', 'sms')).toMatchObject({
      kind: 'locked',
    });
  });

  it('when an accepted code is typed again on either instance, then it is refused and costs no attempt', async () => {
    const view = await a.services.app.issueSecret(USER.aadObjectId, USER.upn);
    const code = appCode(view.manualKey.replace(/\s/g, ''), a.clock.now());
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await a.services.app.verify(USER.aadObjectId, wrong)).toMatchObject({ kind: 'wrong' });
    expect(await a.services.app.verify(USER.aadObjectId, code)).toMatchObject({ kind: 'verified' });
    for (let i = 0; i < 10; i++) {
      expect(await (i % 2 ? a : b).services.app.verify(USER.aadObjectId, code)).toEqual({ kind: 'replayed' });
    }
    const repo = new StoreOtpAttemptRepository(stores[1]);
    expect(
      await repo.get(USER.aadObjectId, a.clock.now(), { maxAttempts: 5, lockoutMs: 15 * 60_000 }),
    ).toEqual({ failures: 0 });
  });

  it('when both instances try to send a phone code at once, then only one is sent', async () => {
    const results = await Promise.all([
      a.services.phone.send(USER.aadObjectId, '+447400123456', 'sms'),
      b.services.phone.send(USER.aadObjectId, '+447400123456', 'sms'),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['sent', 'too-soon']);
    expect(a.notifier.sent).toHaveLength(1);
  });
});
