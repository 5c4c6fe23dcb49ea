import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { generateSync } from 'otplib';
import { MongoDocumentStore } from '../../src/adapters/mongo/mongo-document-store';
import { mongoTestUrl, uniqueDbName } from '../support/store-factories';
import { appCode, makeWorld, USER } from '../unit/enrolment/enrolment-harness';
import {
  activity,
  addPerson,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../support/app-under-test';
import { manualKeyIn } from '../support/register-card';

jest.setTimeout(120_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED secrets-and-otp-abuse: no MongoDB in this run\n');

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('base64url').slice(0, 8);

run('secrets at rest and in logs, on MongoDB (FerretDB), through the running bot', () => {
  const data = tempDataDir();
  const db = uniqueDbName('secrets');
  let running: RunningApp | undefined;
  let client: MongoClient;
  const logs: string[] = [];
  const replies: string[] = [];

  const start = async (env: Record<string, string>): Promise<RunningApp> => {
    if (running) {
      logs.push(running.logs.text());
      await running.stop();
    }
    running = await startApp({ MONGODB_URL: url as string, MONGODB_DB: db, DATA_DIR: data.dir, ...env });
    return running;
  };
  const say = async (text: string, who: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await post(running!.baseUrl, activity(text, who, extra));
    expect(res.status).toBe(200);
    const reply = replyTexts(res).join('\n');
    replies.push(reply);
    return reply;
  };
  const raw = async (collection: string): Promise<string> =>
    JSON.stringify(await client.db(db).collection(collection).find({}).toArray());

  beforeAll(async () => {
    client = new MongoClient(url as string);
    await client.connect();
  });
  afterAll(async () => {
    await running?.stop();
    await client.db(db).dropDatabase();
    await client.close();
    data.remove();
  });

  it('when people enrol (app and SMS) across a key rotation, then no seed, code or number is readable in the database, the logs, the audit trail or the replies', async () => {
    await start({ ENCRYPTION_KEY: KEY_A.toString('hex') });
    await addPerson(running!.app, 'aad-sec-1', 'Robin Example');
    await say('set up', 'aad-sec-1');
    await say("Let's start", 'aad-sec-1');
    await say('Work phone', 'aad-sec-1');
    const secret = manualKeyIn(await say("I've installed it", 'aad-sec-1'));

    // Pending seed at rest: sealed with AES-256-GCM under key A, never the base32 seed.
    const pending = await client.db(db).collection('otpState').findOne({ aadObjectId: 'aad-sec-1' });
    expect(pending?.state).toBe('pending');
    expect(String(pending?.sealedSecret)).toMatch(new RegExp(`^v1\\.${keyId(KEY_A)}\\.`));
    expect(await raw('otpState')).not.toContain(secret);
    expect((await raw('otpState')).toLowerCase()).not.toContain(secret.toLowerCase());

    // Rotation: key B for writes, key A still readable for the pending seed.
    await start({ ENCRYPTION_KEY: KEY_B.toString('hex'), ENCRYPTION_KEY_PREVIOUS: KEY_A.toString('hex') });
    const wrong =
      generateSync({ secret, epoch: Math.floor(Date.now() / 1000) }) === '123456' ? '654321' : '123456';
    const refused = await say(wrong, 'aad-sec-1');
    expect(refused).not.toContain(wrong); // the typed code is not echoed in the error message
    const code = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
    expect(
      await say('', 'aad-sec-1', { text: undefined, value: { action: 'enrolment.submit', code } }),
    ).toContain('Practice complete');
    // Replay of the accepted code: refused, the practice run is recorded once.
    const replay = await say('', 'aad-sec-1', {
      text: undefined,
      value: { action: 'enrolment.submit', code },
    });
    expect(replay).not.toContain('Practice complete');

    await addPerson(running!.app, 'aad-sec-2', 'Sam Example');
    await say('set up', 'aad-sec-2');
    await say("Let's start", 'aad-sec-2');
    await say('Personal phone', 'aad-sec-2');
    const secret2 = manualKeyIn(await say("I've installed it", 'aad-sec-2'));
    const pending2 = await client.db(db).collection('otpState').findOne({ aadObjectId: 'aad-sec-2' });
    expect(String(pending2?.sealedSecret)).toMatch(new RegExp(`^v1\\.${keyId(KEY_B)}\\.`));
    expect(await raw('otpState')).not.toContain(secret2);

    // SMS: the pending code is stored hashed and the number sealed.
    await addPerson(running!.app, 'aad-sec-3', 'Kim Example');
    await say('set up', 'aad-sec-3');
    await say("Let's start", 'aad-sec-3');
    await say('Work phone', 'aad-sec-3');
    await say('Use a text or call instead', 'aad-sec-3');
    await say('07400 765432', 'aad-sec-3');
    const outbox = readFileSync(join(data.dir, 'outbox', 'sms.log'), 'utf8');
    const smsCode = /to=\+447400765432 code=(\d{6})/.exec(outbox)?.[1] as string;
    expect(smsCode).toMatch(/^\d{6}$/);
    const phoneDocs = await raw('phoneCodes');
    expect(phoneDocs).not.toContain(smsCode);
    expect(phoneDocs).not.toContain('7400765432');
    expect(await say(smsCode, 'aad-sec-3')).toContain('Practice complete');

    logs.push(running!.logs.text());
    const allLogs = logs.join('\n');
    const audit = await raw('auditLog');
    const everything = [allLogs, audit, await raw('staff'), await raw('otpState')];
    for (const text of everything) {
      for (const s of [
        secret,
        secret2,
        code,
        smsCode,
        '7400765432',
        KEY_A.toString('hex'),
        KEY_B.toString('hex'),
      ]) {
        expect(text).not.toContain(s);
      }
    }
    expect(audit.length).toBeGreaterThan(2); // enrolment events were audited (without their secrets)
    // Error replies never carry the secrets either (the register card shows only its own person's key).
    const errorReplies = replies.filter((r) => !r.includes('Monospace'));
    for (const s of [secret, secret2, smsCode]) expect(errorReplies.join('\n')).not.toContain(s);
  });
});

run('OTP brute force against the enrolment service on MongoDB (FerretDB)', () => {
  let store: MongoDocumentStore;
  beforeAll(async () => {
    store = await MongoDocumentStore.connect({
      url: url as string,
      db: uniqueDbName('brute'),
      serverSelectionTimeoutMs: 5000,
    });
  });
  afterAll(async () => {
    await store.dropDatabase();
    await store.close();
  });

  it('when 1,000 guesses are made (the right code among them), then none succeeds, checks lock after 5, and the real person can finish after the lockout', async () => {
    const world = await makeWorld({ store, seed: true });
    const view = await world.services.app.issueSecret(USER.aadObjectId, USER.upn);
    const secret = view.manualKey.replace(/\s/g, '');
    const right = appCode(secret, world.clock.now());
    const guesses = Array.from({ length: 1000 }, (_, i) => String(i).padStart(6, '0')).filter(
      (g) => g !== right,
    );
    guesses.splice(500, 0, right); // the attacker hits the right code after the lock
    const outcomes: string[] = [];
    for (const guess of guesses.slice(0, 1000))
      outcomes.push((await world.services.app.verify(USER.aadObjectId, guess)).kind);
    expect(outcomes).not.toContain('verified');
    expect(outcomes.filter((k) => k === 'wrong')).toHaveLength(4);
    expect(outcomes.slice(4).every((k) => k === 'locked')).toBe(true);
    // Still pending, not enrolled; after the lockout the real person can still finish.
    expect(await world.services.app.hasPendingSecret(USER.aadObjectId)).toBe(true);
    world.clock.advance(15 * 60_000 + 1_000);
    expect(
      await world.services.app.verify(USER.aadObjectId, appCode(secret, world.clock.now())),
    ).toMatchObject({
      kind: 'verified',
    });
  });
});
