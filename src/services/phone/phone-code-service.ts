import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import type { PhoneChannel } from '../../domain/enrolment';
import type { Clock } from '../../ports/clock';
import type { Notifier } from '../../ports/notifier';
import type { OtpAttemptRepository, OtpLockPolicy } from '../../ports/otp-attempt-repository';
import type { PhoneCodeRepository, SendLimits } from '../../ports/phone-code-repository';
import type { SecretBox } from '../crypto/secret-box';

export const PHONE_CODE_TTL_MS = 10 * 60_000;
/** At most one code a minute, and the first code plus 3 resends in any hour. */
export const PHONE_SEND_LIMITS: SendLimits = {
  minIntervalMs: 60_000,
  windowMs: 60 * 60_000,
  maxPerWindow: 4,
};

export type SendOutcome =
  | { kind: 'sent'; expiresAt: Date }
  | { kind: 'too-soon' | 'window-full'; retryAt: Date }
  | { kind: 'locked'; until: Date }
  | { kind: 'no-number' };

export type PhoneVerifyOutcome =
  | { kind: 'verified'; channel: PhoneChannel; e164: string }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'locked'; until: Date; justLocked: boolean }
  | { kind: 'expired' }
  | { kind: 'no-code' };

export interface PhoneCodeServiceDeps {
  codes: PhoneCodeRepository;
  attempts: OtpAttemptRepository;
  notifier: Notifier;
  box: SecretBox;
  /** The encryption key; a separate HMAC key is derived from it for code hashes. */
  key: Buffer;
  clock: Clock;
  policy: OtpLockPolicy;
}

/**
 * Sends 6-digit codes by SMS or voice and checks them: valid 10 minutes, single use, a limited number
 * of wrong tries (then locked), resends rate limited. Codes are stored only as an HMAC and compared in
 * constant time; the number is stored sealed.
 */
export class PhoneCodeService {
  private readonly hmacKey: Buffer;

  constructor(private readonly deps: PhoneCodeServiceDeps) {
    this.hmacKey = Buffer.from(hkdfSync('sha256', deps.key, Buffer.alloc(0), 'mfa-bot phone codes', 32));
  }

  get channels(): readonly PhoneChannel[] {
    return this.deps.notifier.channels;
  }

  async send(aadObjectId: string, e164: string, channel: PhoneChannel): Promise<SendOutcome> {
    const { codes, attempts, notifier, box, clock } = this.deps;
    const now = clock.now();
    const lock = await attempts.get(aadObjectId, now, this.deps.policy);
    if (lock.lockedUntil) return { kind: 'locked', until: lock.lockedUntil };
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
    const issued = await codes.issue(
      aadObjectId,
      {
        channel,
        sealedPhone: box.seal(e164, purposeOf(aadObjectId)),
        codeHash: this.hash(aadObjectId, code),
        expiresAt,
      },
      now,
      PHONE_SEND_LIMITS,
    );
    if (!issued.ok) return { kind: issued.reason, retryAt: issued.retryAt };
    await notifier.sendCode({ channel, to: e164, code, reference: `mfa-${channel}` });
    return { kind: 'sent', expiresAt };
  }

  /** Sends a new code to the number and channel of the last one. */
  async resend(aadObjectId: string): Promise<SendOutcome> {
    const last = await this.deps.codes.get(aadObjectId);
    if (!last) return { kind: 'no-number' };
    return this.send(aadObjectId, this.deps.box.open(last.sealedPhone, purposeOf(aadObjectId)), last.channel);
  }

  /**
   * Checks a code. The attempt is taken (one guarded update on the person's counter, shared with the
   * authenticator app) before the code is compared, so parallel guesses can never exceed OTP_MAX_ATTEMPTS.
   */
  async verify(aadObjectId: string, code: string): Promise<PhoneVerifyOutcome> {
    const { codes, attempts, box, clock, policy } = this.deps;
    const now = clock.now();
    const pending = await codes.get(aadObjectId);
    if (!pending || pending.state !== 'pending') {
      // A lockout voids the pending code: say so rather than "no code" while it lasts.
      const lock = await attempts.get(aadObjectId, now, policy);
      if (lock.lockedUntil) return { kind: 'locked', until: lock.lockedUntil, justLocked: false };
      return { kind: 'no-code' };
    }
    if (pending.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
    const attempt = await attempts.reserve(aadObjectId, now, policy);
    if (!attempt.allowed) return { kind: 'locked', until: attempt.lockedUntil, justLocked: false };
    const matches = safeEqual(this.hash(aadObjectId, code), pending.codeHash);
    if (matches && (await codes.consume(aadObjectId, pending.codeHash, now))) {
      await attempts.reset(aadObjectId);
      return {
        kind: 'verified',
        channel: pending.channel,
        e164: box.open(pending.sealedPhone, purposeOf(aadObjectId)),
      };
    }
    if (matches) return { kind: 'no-code' };
    if (attempt.lockedUntil) {
      await codes.invalidate(aadObjectId);
      return { kind: 'locked', until: attempt.lockedUntil, justLocked: true };
    }
    return { kind: 'wrong', attemptsLeft: Math.max(0, policy.maxAttempts - attempt.failures) };
  }

  /** The channel and number of the last code sent (for "I sent a code to +44 ****56"). */
  async lastSent(aadObjectId: string): Promise<{ channel: PhoneChannel; e164: string } | undefined> {
    const last = await this.deps.codes.get(aadObjectId);
    if (!last) return undefined;
    return { channel: last.channel, e164: this.deps.box.open(last.sealedPhone, purposeOf(aadObjectId)) };
  }

  async cancel(aadObjectId: string): Promise<void> {
    await this.deps.codes.invalidate(aadObjectId);
  }

  private hash(aadObjectId: string, code: string): string {
    return createHmac('sha256', this.hmacKey).update(`${aadObjectId}:${code}`).digest('base64url');
  }
}

function purposeOf(aadObjectId: string): string {
  return `phone:${aadObjectId}`;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
