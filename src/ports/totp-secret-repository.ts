import type { OtpLockPolicy } from './otp-attempt-repository';

/**
 * The authenticator secret a person is registering. While `pending` it holds the sealed (AES-256-GCM)
 * secret; confirming removes the secret and keeps only the accepted time step, so it can never be shown
 * again and the code that confirmed it can never be accepted again.
 */
export interface StoredTotpSecret {
  aadObjectId: string;
  state: 'pending' | 'confirmed';
  sealedSecret?: string;
  createdAt: Date;
  confirmedAt?: Date;
  lastAcceptedStep?: number;
  /** The Entra hardware OATH token made for this secret (Entra-backed "codes from the app" path only). */
  deviceId?: string;
}

/** A pending secret, as a code check sees it: the sealed secret is always there. */
export type PendingTotpSecret = StoredTotpSecret & { state: 'pending'; sealedSecret: string };

/**
 * The outcome of taking one attempt to check an authenticator code. Only `allowed` costs an attempt: a person
 * with no secret, or whose secret is already confirmed (a replayed code), is never counted.
 */
export type TotpCheckReservation =
  | { kind: 'allowed'; secret: PendingTotpSecret; failures: number; lockedUntil?: Date }
  | { kind: 'locked'; lockedUntil: Date }
  | { kind: 'replayed' }
  | { kind: 'no-secret' };

/**
 * The secret lives beside the person's one-time-code attempt counter (OtpAttemptRepository, shared with phone
 * codes), so a code check takes its attempt and reads the secret in one step, and a confirmation forgets the
 * attempts in the same step.
 */
export interface TotpSecretRepository {
  get(aadObjectId: string): Promise<StoredTotpSecret | null>;
  /**
   * Stores a new pending secret (and the Entra token made for it, if any), replacing whatever secret was there.
   * The attempt count is kept: a new secret is no way round a lockout.
   */
  savePending(aadObjectId: string, sealedSecret: string, now: Date, deviceId?: string): Promise<void>;
  /**
   * Takes one attempt on the shared counter, atomically, for checking a code against the pending secret, and
   * returns that secret. The attempt that reaches `maxAttempts` carries `lockedUntil` (the lock starts with it);
   * then every call is `locked` until the lock expires, when the count starts again.
   */
  reserveCheck(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<TotpCheckReservation>;
  /**
   * Atomically confirms the pending secret `sealedSecret` at time step `timeStep` and forgets the attempts:
   * true for exactly one caller, false when it was confirmed or replaced meanwhile.
   */
  confirm(aadObjectId: string, sealedSecret: string, timeStep: number, now: Date): Promise<boolean>;
  /** Deletes an unconfirmed secret (restart, or a new secret requested). Returns true when one existed. */
  revokePending(aadObjectId: string): Promise<boolean>;
}
