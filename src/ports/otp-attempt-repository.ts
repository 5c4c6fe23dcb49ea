/**
 * Which one-time code is being checked: the authenticator app's TOTP or a phone (SMS/voice) code. Both draw on
 * the same per-person counter, so a person locked out of one has no fresh tries on the other.
 */
export type OtpPurpose = 'totp' | 'phone';

export interface OtpLockPolicy {
  maxAttempts: number;
  lockoutMs: number;
}

export interface OtpAttemptState {
  /** Code checks counted since the last success (or since a lock expired). */
  failures: number;
  /** Set while the person is locked out: no code is checked until then. */
  lockedUntil?: Date;
}

/** The outcome of taking one attempt: allowed (this check is counted), or refused because of a lock. */
export type OtpReservation =
  { allowed: true; failures: number; lockedUntil?: Date } | { allowed: false; lockedUntil: Date };

/**
 * Counts code checks per person in the store (one document per person, which also holds the authenticator
 * secret: TotpSecretRepository takes its attempts on this same count), so restarts and several bot instances
 * share the count. An attempt is taken BEFORE a code is checked, in one guarded update (`failures < limit`,
 * $inc), so concurrent checks can never run more than `maxAttempts` guesses; a success forgets them.
 */
export interface OtpAttemptRepository {
  /** The state, without counting anything (for instance before sending an SMS code). */
  get(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<OtpAttemptState>;
  /**
   * Takes one attempt atomically. The attempt that reaches `maxAttempts` returns `lockedUntil` (the lock
   * starts with it); once there, every call is refused until the lock expires, when the count starts again.
   */
  reserve(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<OtpReservation>;
  /** Forgets the attempts after a success. */
  reset(aadObjectId: string): Promise<void>;
}
