import { StoreOtpAttemptRepository } from '../../../src/adapters/store/otp-attempt-repository';
import { appCode, makeWorld, USER, type World } from './enrolment-harness';

/** The default policy: OTP_MAX_ATTEMPTS 5, 15 minutes. */
const POLICY = { maxAttempts: 5, lockoutMs: 15 * 60_000 };

async function appSecret(world: World): Promise<{ right: () => string; wrong: () => string }> {
  const view = await world.services.app.issueSecret(USER.aadObjectId, USER.upn);
  const secret = view.manualKey.replace(/\s/g, '');
  const right = (): string => appCode(secret, world.clock.now());
  return { right, wrong: () => (right() === '000000' ? '111111' : '000000') };
}

describe('one-time code lockout', () => {
  it('when 60 wrong codes arrive at once, then exactly 5 are checked and counted and the person is locked', async () => {
    const world = await makeWorld();
    const { wrong, right } = await appSecret(world);
    const results = await Promise.all(
      Array.from({ length: 60 }, () => world.services.app.verify(USER.aadObjectId, wrong())),
    );
    expect(results.filter((r) => r.kind === 'wrong')).toHaveLength(4);
    expect(results.filter((r) => r.kind === 'locked' && r.justLocked)).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'locked' && !r.justLocked)).toHaveLength(55);
    const counter = new StoreOtpAttemptRepository(world.store);
    expect(await counter.get(USER.aadObjectId, world.clock.now(), POLICY)).toMatchObject({ failures: 5 });
    expect(await world.services.app.verify(USER.aadObjectId, right())).toMatchObject({ kind: 'locked' });
  });

  it('when someone is locked out of the authenticator app, then phone codes are locked too: no code is sent or checked', async () => {
    const world = await makeWorld();
    const { wrong } = await appSecret(world);
    for (let i = 0; i < 5; i++) await world.services.app.verify(USER.aadObjectId, wrong());
    expect(await world.services.phone.send(USER.aadObjectId, '+447700900123', 'sms')).toMatchObject({
      kind: 'locked',
    });
    expect(world.notifier.sent).toHaveLength(0);
  });

  it('when wrong app codes and wrong phone codes are mixed, then they count against one limit', async () => {
    const world = await makeWorld();
    const { wrong } = await appSecret(world);
    expect(await world.services.phone.send(USER.aadObjectId, '+447700900123', 'sms')).toMatchObject({
      kind: 'sent',
    });
    const smsCode = world.notifier.lastCode;
    const wrongSms = smsCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) await world.services.app.verify(USER.aadObjectId, wrong());
    expect(await world.services.phone.verify(USER.aadObjectId, wrongSms)).toEqual({
      kind: 'wrong',
      attemptsLeft: 1,
    });
    expect(await world.services.phone.verify(USER.aadObjectId, wrongSms)).toMatchObject({
      kind: 'locked',
      justLocked: true,
    });
    expect(await world.services.app.verify(USER.aadObjectId, wrong())).toMatchObject({
      kind: 'locked',
      justLocked: false,
    });
  });

  it('when the lock expires, then the count starts again and the right code works', async () => {
    const world = await makeWorld();
    const { wrong, right } = await appSecret(world);
    for (let i = 0; i < 5; i++) await world.services.app.verify(USER.aadObjectId, wrong());
    world.clock.advance(POLICY.lockoutMs + 1000);
    expect(await world.services.app.verify(USER.aadObjectId, wrong())).toEqual({
      kind: 'wrong',
      attemptsLeft: 4,
    });
    expect(await world.services.app.verify(USER.aadObjectId, right())).toMatchObject({ kind: 'verified' });
  });
  it('when an accepted code is typed again and again, then it is refused each time and costs no attempt', async () => {
    const world = await makeWorld();
    const { right, wrong } = await appSecret(world);
    expect(await world.services.app.verify(USER.aadObjectId, wrong())).toMatchObject({ kind: 'wrong' });
    const code = right();
    expect(await world.services.app.verify(USER.aadObjectId, code)).toMatchObject({ kind: 'verified' });
    for (let i = 0; i < 10; i++) {
      expect(await world.services.app.verify(USER.aadObjectId, code)).toEqual({ kind: 'replayed' });
    }
    const counter = new StoreOtpAttemptRepository(world.store);
    expect(await counter.get(USER.aadObjectId, world.clock.now(), POLICY)).toEqual({ failures: 0 });
  });

  it('when a locked-out person asks for a new QR code, then the new secret is locked too', async () => {
    const world = await makeWorld();
    const { wrong } = await appSecret(world);
    for (let i = 0; i < 5; i++) await world.services.app.verify(USER.aadObjectId, wrong());
    const fresh = await appSecret(world);
    expect(await world.services.app.verify(USER.aadObjectId, fresh.right())).toMatchObject({
      kind: 'locked',
      justLocked: false,
    });
  });
});
