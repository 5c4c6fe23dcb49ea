import type { Clock } from '../../ports/clock';
import type { OtpLockPolicy } from '../../ports/otp-attempt-repository';
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
  /** `deviceId`: the Entra hardware OATH token made for this secret, to activate with this code. */
  | { kind: 'verified'; code: string; deviceId?: string }
  | { kind: 'wrong'; attemptsLeft: number }
  /** `justLocked`: this failure set the lock (audit it once). */
  | { kind: 'locked'; until: Date; justLocked: boolean }
  /** The secret was already confirmed with an earlier code: this code is not accepted again. */
  | { kind: 'replayed' }
  | { kind: 'no-secret' };

export interface AppRegistrationDeps {
  /** The secret and the attempt counter it shares with phone codes (one document per person). */
  secrets: TotpSecretRepository;
  totp: TotpService;
  box: SecretBox;
  clock: Clock;
  policy: OtpLockPolicy;
}

/** Creates the authenticator secret, shows it once, and verifies the first code from the app. */
export class AppRegistrationService {
  constructor(private readonly deps: AppRegistrationDeps) {}

  /**
   * A new secret replaces any unconfirmed one; the caller shows the view once. `createToken` (the Entra
   * OATH path) registers the secret in Entra first and returns the token's device id, kept with the secret.
   */
  async issueSecret(
    aadObjectId: string,
    label: string,
    createToken?: (secretBase32: string) => Promise<string>,
  ): Promise<NewSecretView> {
    const { totp, box, secrets, clock } = this.deps;
    const secret = totp.newSecret();
    const deviceId = createToken ? await createToken(secret) : undefined;
    await secrets.savePending(aadObjectId, box.seal(secret, purposeOf(aadObjectId)), clock.now(), deviceId);
    const uri = totp.uri(secret, label);
    return { uri, qrDataUri: await qrCodeDataUri(uri), manualKey: groupInFours(secret) };
  }

  async hasPendingSecret(aadObjectId: string): Promise<boolean> {
    return (await this.deps.secrets.get(aadObjectId))?.state === 'pending';
  }

  /**
   * The person's secret when it was confirmed within `withinMs` (they proved they hold it moments ago),
   * else undefined. Lets the flow finish when what follows the confirmation failed (database lost, crash).
   */
  async recentConfirmation(
    aadObjectId: string,
    withinMs: number,
  ): Promise<{ deviceId?: string } | undefined> {
    const stored = await this.deps.secrets.get(aadObjectId);
    if (stored?.state !== 'confirmed' || !stored.confirmedAt) return undefined;
    const age = this.deps.clock.now().getTime() - new Date(stored.confirmedAt).getTime();
    return age <= withinMs ? { deviceId: stored.deviceId } : undefined;
  }

  /** Deletes an unconfirmed secret; returns the Entra token made for it (to delete there too), if any. */
  async revoke(aadObjectId: string): Promise<{ revoked: boolean; deviceId?: string }> {
    const stored = await this.deps.secrets.get(aadObjectId);
    const revoked = await this.deps.secrets.revokePending(aadObjectId);
    return { revoked, deviceId: revoked ? stored?.deviceId : undefined };
  }

  /**
   * Checks a code. The attempt is taken on the person's counter (shared with phone codes) in the same atomic
   * step that reads the secret, before the code is looked at, so parallel guesses can never exceed
   * OTP_MAX_ATTEMPTS; a code for a secret already confirmed (replayed) costs no attempt.
   */
  async verify(aadObjectId: string, code: string): Promise<AppVerifyOutcome> {
    const { secrets, totp, box, clock, policy } = this.deps;
    const now = clock.now();
    const attempt = await secrets.reserveCheck(aadObjectId, now, policy);
    if (attempt.kind === 'no-secret' || attempt.kind === 'replayed') return { kind: attempt.kind };
    if (attempt.kind === 'locked') return { kind: 'locked', until: attempt.lockedUntil, justLocked: false };
    const { secret } = attempt;
    const check = totp.check(
      box.open(secret.sealedSecret, purposeOf(aadObjectId)),
      code,
      secret.lastAcceptedStep,
    );
    if (check.valid) {
      // Confirms the secret and forgets the attempts in one step: exactly one parallel caller wins.
      const first = await secrets.confirm(aadObjectId, secret.sealedSecret, check.timeStep, now);
      if (!first) return { kind: 'replayed' };
      return { kind: 'verified', code, deviceId: secret.deviceId };
    }
    if (attempt.lockedUntil) return { kind: 'locked', until: attempt.lockedUntil, justLocked: true };
    return { kind: 'wrong', attemptsLeft: Math.max(0, policy.maxAttempts - attempt.failures) };
  }
}

function purposeOf(aadObjectId: string): string {
  return `totp:${aadObjectId}`;
}
