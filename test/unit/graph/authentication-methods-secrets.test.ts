import { Writable } from 'node:stream';
import { GraphRequestError } from '../../../src/adapters/graph/graph-errors';
import { createLogger, type Logger } from '../../../src/logger';
import { AuthenticationMethodsError } from '../../../src/ports/authentication-methods';
import { base32Decode, totp } from '../../support/rfc6238';
import { createGraphWorld, guardNetwork, releaseNetwork, stubUser, type GraphWorld } from './graph-fixture';

/** Every line a pino logger at trace level writes, as text. */
class CapturedLog {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
}

/** An error's message, its stack and every cause's, as a pino `err` serializer would write them. */
function chain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '');
  return parts.join('\n');
}

const PHONE = '+44 7700900123';
const OTHER_PHONE = '+44 7700900456';
const SECRET = 'KRUGS4ZANFZSAYJAONSWG4TFOQQGW2LF';

describe('no pass, secret, code or phone number reaches a log line or an error (trace-level pino logger)', () => {
  let w: GraphWorld;
  let log: CapturedLog;
  let logger: Logger;
  const jane = stubUser(2);

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    log = new CapturedLog();
    logger = createLogger({ level: 'trace', destination: log.stream });
    w = await createGraphWorld({ logger });
    w.stub.putUser(jane);
  });
  afterEach(async () => {
    await w.close();
  });

  /** Runs a call as enrolment would: a failure is logged whole by the caller, as the app does. */
  async function run<T>(what: string, call: () => Promise<T>, errors: unknown[]): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      errors.push(err);
      logger.warn({ err }, `${what} failed`);
      return undefined;
    }
  }

  it('when every call succeeds and fails in turn, then the log and the errors hold request ids but none of the credentials', async () => {
    const methods = w.graph.methods;
    const errors: unknown[] = [];
    const key = base32Decode(SECRET);
    if (!key) throw new Error('not base32');

    await run('add phone', () => methods.addPhoneMethod(jane.id, PHONE, 'mobile'), errors);
    await run('second mobile', () => methods.addPhoneMethod(jane.id, OTHER_PHONE, 'mobile'), errors);
    w.stub.failNext(1, /phoneMethods$/, {
      status: 400,
      message: `Invalid phone number '${OTHER_PHONE}' (07700 900456).`,
    });
    await run(
      'malformed per Entra',
      () => methods.addPhoneMethod(jane.id, OTHER_PHONE, 'alternateMobile'),
      errors,
    );
    w.stub.failNext(1, /phoneMethods$/, { status: 403 });
    await run('phone forbidden', () => methods.addPhoneMethod(jane.id, OTHER_PHONE, 'office'), errors);
    w.stub.failNext(1, /phoneMethods$/, { status: 504 });
    await run('phone gateway timeout', () => methods.addPhoneMethod(jane.id, OTHER_PHONE, 'office'), errors);
    await run('read phones', () => methods.listPhoneMethods(jane.id), errors);

    const pass = await run(
      'pass',
      () => methods.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true }),
      errors,
    );
    w.stub.failNext(1, /temporaryAccessPassMethods$/, { status: 500 });
    await run(
      'pass failed',
      () => methods.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true }),
      errors,
    );

    const token = await run(
      'token',
      () =>
        methods.createOathToken(jane.id, { secretBase32: SECRET, serialNumber: 'BOT-1', displayName: 'App' }),
      errors,
    );
    const deviceId = token?.value.deviceId ?? '';
    w.stub.failNext(1, /hardwareOathDevices$/, {
      status: 400,
      message: `secretKey ${SECRET} is not accepted.`,
    });
    await run(
      'token refused',
      () =>
        methods.createOathToken(jane.id, { secretBase32: SECRET, serialNumber: 'BOT-2', displayName: 'App' }),
      errors,
    );
    const right = totp(key, Date.now());
    const wrong = right === '111111' ? '222222' : '111111';
    w.stub.failNext(1, /assignAndActivate$/, { status: 400, message: `The code ${wrong} is not valid.` });
    await run('wrong code', () => methods.activateOathToken(jane.id, deviceId, wrong, 'App'), errors);
    await run('right code', () => methods.activateOathToken(jane.id, deviceId, right, 'App'), errors);

    const issued = w.stub.issuedPasses.map((p) => p.pass);
    expect(pass?.value.pass).toBe(issued[0]);
    expect(w.stub.methodsOf(jane.id).map((m) => m.id)).toContain(deviceId);
    const credentials = [
      ...issued,
      SECRET,
      SECRET.toLowerCase(),
      PHONE,
      PHONE.replace(' ', ''),
      OTHER_PHONE,
      OTHER_PHONE.replace(' ', ''),
      '07700 900456',
      right,
      wrong,
    ];

    // The calls were logged (so the check below is not vacuous): one debug line each, with the request id.
    const calls = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.graphCall);
    expect(calls.length).toBeGreaterThanOrEqual(12);
    expect(calls.every((l) => typeof l.requestId === 'string')).toBe(true);
    expect(errors).toHaveLength(7);
    expect(errors.every((e) => e instanceof AuthenticationMethodsError)).toBe(true);

    const logText = log.lines.join('\n');
    const errorText = errors.map(chain).join('\n');
    for (const credential of credentials) {
      expect(logText).not.toContain(credential);
      expect(errorText).not.toContain(credential);
    }
  });

  it('when a write holding a phone number gets no answer in time, then the timeout error holds no number', async () => {
    const hurried = await createGraphWorld({ logger, settings: { requestTimeoutMs: 200 } });
    try {
      hurried.stub.putUser(jane);
      hurried.stub.failNext(1, /phoneMethods$/, { hang: true });

      const err = await hurried.graph.methods
        .addPhoneMethod(jane.id, PHONE, 'mobile')
        .catch((e: unknown) => e);
      logger.warn({ err }, 'phone write failed');

      expect(err).toMatchObject({ kind: 'unavailable', status: 0 });
      expect(chain(err)).not.toContain(PHONE);
      expect(log.lines.join('\n')).not.toContain(PHONE);
      expect(log.lines.join('\n')).toContain('did not answer');
    } finally {
      await hurried.close();
    }
  });

  it("when Graph's answer repeats what it was sent, then the raw client error would carry it, but the adapter's does not", async () => {
    w.stub.failNext(2, /phoneMethods$/, { status: 400, message: `Invalid phone number '${PHONE}'.` });
    const path = `/users/${jane.id}/authentication/phoneMethods`;

    // Without the adapter: the Graph client's error message is Graph's own text, number included.
    const raw = await w.graph.api
      .request('POST', path, { body: { phoneNumber: PHONE, phoneType: 'mobile' } })
      .catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(GraphRequestError);
    expect(chain(raw)).toContain(PHONE);

    const err = await w.graph.methods.addPhoneMethod(jane.id, PHONE, 'mobile').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationMethodsError);
    expect(chain(err)).not.toContain(PHONE);
    // What Graph said stays readable in the cause, with the number taken out.
    expect((err as Error).cause).toMatchObject({
      message: expect.stringContaining("Invalid phone number '[redacted]'"),
    });
  });
});
