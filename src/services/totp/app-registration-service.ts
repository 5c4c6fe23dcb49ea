import type { Clock } from '../../ports/clock';
import type { OtpAttemptRepository, OtpLockPolicy } from '../../ports/otp-attempt-repository';
import type { TotpSecretRepository } from '../../ports/totp-secret-repository';
import type { SecretBox } from '../crypto/secret-box';
import { qrCodeDataUri } from './qr-code';
import { groupInFours, type TotpService } from './totp-service';

/** What the register card shows, once: never stored in this form, never logged. */
export interface NewSecretView {
  qrDataUri: string;
  manualKey: string;
  uri: string;
}

export type AppVerifyOutcome =
  | { kind: 'verified' }
  | { kind: 'wrong'; attemptsLeft: number }
  /** `justLocked`: this failure set the lock (audit it once). */
  | { kind: 'locked'; until: Date; justLocked: boolean }
  /** The secret was already confirmed with an earlier code: this code is not accepted again. */
  | { kind: 'replayed' }
  | { kind: 'no-secret' };

export interface AppRegistrationDeps {
  secrets: TotpSecretRepository;
  attempts: OtpAttemptRepository;
  totp: TotpService;
  box: SecretBox;
  clock: Clock;
  policy: OtpLockPolicy;
}

/** Creates the authenticator secret, shows it once, and verifies the first code from the app. */
export class AppRegistrationService {
  constructor(private readonly deps: AppRegistrationDeps) {}

  /** A new secret replaces any unconfirmed one; the caller shows the view once. */
  async issueSecret(aadObjectId: string, label: string): Promise<NewSecretView> {
    const { totp, box, secrets, clock } = this.deps;
    const secret = totp.newSecret();
    await secrets.savePending(aadObjectId, box.seal(secret, purposeOf(aadObjectId)), clock.now());
    const uri = totp.uri(secret, label);
    return { uri, qrDataUri: await qrCodeDataUri(uri), manualKey: groupInFours(secret) };
  }

  async hasPendingSecret(aadObjectId: string): Promise<boolean> {
    return (await this.deps.secrets.get(aadObjectId))?.state === 'pending';
  }

  /**
   * True when the person's secret was confirmed within `withinMs`: they proved they hold it moments ago.
   * Lets the flow finish when recording the method failed after the confirmation (database lost, crash).
   */
  async confirmedWithin(aadObjectId: string, withinMs: number): Promise<boolean> {
    const stored = await this.deps.secrets.get(aadObjectId);
    if (stored?.state !== 'confirmed' || !stored.confirmedAt) return false;
    return this.deps.clock.now().getTime() - new Date(stored.confirmedAt).getTime() <= withinMs;
  }

  async revoke(aadObjectId: string): Promise<boolean> {
    return this.deps.secrets.revokePending(aadObjectId);
  }

  async verify(aadObjectId: string, code: string): Promise<AppVerifyOutcome> {
    const { secrets, attempts, totp, box, clock, policy } = this.deps;
    const now = clock.now();
    const lock = await attempts.get(aadObjectId, 'totp', now);
    if (lock.lockedUntil) return { kind: 'locked', until: lock.lockedUntil, justLocked: false };
    const stored = await secrets.get(aadObjectId);
    if (!stored) return { kind: 'no-secret' };
    if (stored.state === 'confirmed' || !stored.sealedSecret) return { kind: 'replayed' };
    const check = totp.check(
      box.open(stored.sealedSecret, purposeOf(aadObjectId)),
      code,
      stored.lastAcceptedStep,
    );
    if (check.valid) {
      const first = await secrets.confirm(aadObjectId, stored.sealedSecret, check.timeStep, now);
      if (!first) return { kind: 'replayed' };
      await attempts.reset(aadObjectId, 'totp');
      return { kind: 'verified' };
    }
    const after = await attempts.recordFailure(aadObjectId, 'totp', now, policy);
    if (after.lockedUntil) return { kind: 'locked', until: after.lockedUntil, justLocked: true };
    return { kind: 'wrong', attemptsLeft: Math.max(0, policy.maxAttempts - after.failures) };
  }
}

function purposeOf(aadObjectId: string): string {
  return `totp:${aadObjectId}`;
}
