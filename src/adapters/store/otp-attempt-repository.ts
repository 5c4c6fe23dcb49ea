import type { DocumentStore } from '../../ports/document-store';
import { DuplicateKeyError } from '../../errors';
import type { LazyCollection } from './lazy-collection';
import type {
  OtpAttemptRepository,
  OtpAttemptState,
  OtpLockPolicy,
  OtpReservation,
} from '../../ports/otp-attempt-repository';
import {
  isLocked,
  lockRunning,
  MAX_TRIES,
  otpStateCollection,
  reservation,
  restartExpiredLock,
  type OtpStateDoc,
} from './otp-state-collection';

/**
 * The attempt counter in the person's `otpState` document (shared with the authenticator secret, see
 * otp-state-collection.ts): every change is a single guarded findOneAndUpdate (no transactions).
 */
export class StoreOtpAttemptRepository implements OtpAttemptRepository {
  private readonly collection: LazyCollection<OtpStateDoc>;

  constructor(store: DocumentStore) {
    this.collection = otpStateCollection(store);
  }

  async init(): Promise<void> {
    await this.collection.get();
  }

  async get(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<OtpAttemptState> {
    const doc = await (await this.collection.get()).findOne({ aadObjectId });
    if (!doc) return { failures: 0 };
    if (!isLocked(doc, policy)) return { failures: doc.failures };
    // A lock that has expired counts as nothing: the next attempt starts a fresh count.
    return lockRunning(doc, now, policy)
      ? { failures: doc.failures, lockedUntil: doc.until }
      : { failures: 0 };
  }

  async reserve(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<OtpReservation> {
    const docs = await this.collection.get();
    const until = new Date(now.getTime() + policy.lockoutMs);
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      try {
        // The common case, one round trip: a first attempt (upsert) or one more below the limit.
        const taken = await docs.findOneAndUpdate(
          { aadObjectId, failures: { $lt: policy.maxAttempts } },
          { $inc: { failures: 1 }, $set: { until, updatedAt: now } },
          { upsert: true },
        );
        if (taken) return reservation(taken, policy);
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
      }
      // The document exists at the limit (or a concurrent first attempt created it): locked, or a lock that
      // has expired, which exactly one caller turns into the first attempt of a fresh count.
      const restarted = await restartExpiredLock(docs, aadObjectId, now, policy);
      if (restarted) return reservation(restarted, policy);
      const current = await docs.findOne({ aadObjectId });
      if (current && lockRunning(current, now, policy)) return { allowed: false, lockedUntil: current.until };
    }
    const current = await docs.findOne({ aadObjectId });
    return { allowed: false, lockedUntil: current?.until ?? until };
  }

  async reset(aadObjectId: string): Promise<void> {
    // The document stays (it may hold the authenticator secret): only the count and the lock go.
    await (
      await this.collection.get()
    ).updateMany({ aadObjectId }, { $set: { failures: 0 }, $unset: { until: true } });
  }
}
