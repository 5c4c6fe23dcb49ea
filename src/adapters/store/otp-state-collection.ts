import type { Collection, DocumentStore } from '../../ports/document-store';
import type { OtpLockPolicy, OtpReservation } from '../../ports/otp-attempt-repository';
import { LazyCollection } from './lazy-collection';

/**
 * One document per person in `otpState` (unique on `aadObjectId`) holds everything about that person's one-time
 * codes: the attempt counter shared by authenticator (TOTP) and phone codes, and the authenticator secret being
 * registered. Keeping both in one document lets a code check take its attempt and read the secret in one guarded
 * update, and confirm the secret and forget the attempts in another.
 *
 * `failures` is on every document: each writer that may create one sets it (`$inc` by 0 creates the field as 0
 * and leaves an existing count alone), so the `failures < limit` guard matches a person with no attempts yet.
 * `until` is set to now + lockoutMs by every counted attempt, so once `failures` reaches the limit (no further
 * attempt is counted) it is the end of the lockout.
 */
export interface OtpStateDoc {
  aadObjectId: string;
  failures: number;
  until?: Date;
  updatedAt?: Date;
  /** The authenticator secret: absent until one is issued, and again after an unconfirmed one is revoked. */
  state?: 'pending' | 'confirmed';
  sealedSecret?: string;
  createdAt?: Date;
  confirmedAt?: Date;
  lastAcceptedStep?: number;
  deviceId?: string;
}

/** The authenticator secret's fields, removed together when an unconfirmed secret is revoked. */
export const SECRET_FIELDS = [
  'state',
  'sealedSecret',
  'createdAt',
  'confirmedAt',
  'lastAcceptedStep',
  'deviceId',
];

/** Concurrent first attempts or an expiring lock can make a reservation lose a race: it tries again. */
export const MAX_TRIES = 4;

export function otpStateCollection(store: DocumentStore): LazyCollection<OtpStateDoc> {
  return new LazyCollection<OtpStateDoc>(store, 'otpState', [{ fields: { aadObjectId: 1 }, unique: true }]);
}

export function isLocked(doc: Pick<OtpStateDoc, 'failures'>, policy: OtpLockPolicy): boolean {
  return doc.failures >= policy.maxAttempts;
}

/** A document at the limit whose lock is still running: no attempt may be taken until `until`. */
export function lockRunning(
  doc: OtpStateDoc,
  now: Date,
  policy: OtpLockPolicy,
): doc is OtpStateDoc & { until: Date } {
  return isLocked(doc, policy) && doc.until !== undefined && doc.until.getTime() > now.getTime();
}

/** The attempt just taken: the one that reached the limit carries the lock's end. */
export function reservation(doc: OtpStateDoc, policy: OtpLockPolicy): OtpReservation & { allowed: true } {
  return isLocked(doc, policy) && doc.until
    ? { allowed: true, failures: doc.failures, lockedUntil: doc.until }
    : { allowed: true, failures: doc.failures };
}

/**
 * Turns an expired lock into the first attempt of a fresh count; exactly one caller wins (the guard `until <=
 * now` no longer holds once one has set a new `until`). `extra` narrows the document (e.g. a pending secret).
 */
export function restartExpiredLock(
  docs: Collection<OtpStateDoc>,
  aadObjectId: string,
  now: Date,
  policy: OtpLockPolicy,
  extra: Record<string, string> = {},
): Promise<OtpStateDoc | null> {
  return docs.findOneAndUpdate(
    { aadObjectId, ...extra, failures: { $gte: policy.maxAttempts }, until: { $lte: now } },
    { $set: { failures: 1, until: new Date(now.getTime() + policy.lockoutMs), updatedAt: now } },
  );
}
