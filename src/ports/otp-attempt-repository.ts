/** Which one-time code a failure counter guards: the authenticator app's TOTP or a phone (SMS/voice) code. */
export type OtpPurpose = 'totp' | 'phone';

export interface OtpAttemptState {
  failures: number;
  /** Set once failures reach the limit; verification is refused until then. */
  lockedUntil?: Date;
}

export interface OtpLockPolicy {
  maxAttempts: number;
  lockoutMs: number;
}

/**
 * Counts failed code entries per person in the store (one document, atomic $inc), so restarts and several
 * bot instances share the count.
 */
export interface OtpAttemptRepository {
  /** The current state; a lock that has expired is cleared (and the count reset) first. */
  get(aadObjectId: string, purpose: OtpPurpose, now: Date): Promise<OtpAttemptState>;
  /** Atomically counts one failure; the failure that reaches the limit sets the lock. */
  recordFailure(
    aadObjectId: string,
    purpose: OtpPurpose,
    now: Date,
    policy: OtpLockPolicy,
  ): Promise<OtpAttemptState>;
  /** Forgets failures after a success or a restart. */
  reset(aadObjectId: string, purpose: OtpPurpose): Promise<void>;
}
