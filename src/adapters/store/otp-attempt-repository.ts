import type { DocumentStore } from '../../ports/document-store';
import { DuplicateKeyError } from '../../errors';
import { LazyCollection } from './lazy-collection';
import type {
  OtpAttemptRepository,
  OtpAttemptState,
  OtpLockPolicy,
  OtpReservation,
} from '../../ports/otp-attempt-repository';

/**
 * One document per person (key `otp:<aadObjectId>`), shared by TOTP and phone codes. `until` is set to
 * now + lockoutMs by every counted attempt, so once `failures` reaches the limit (no further attempt is
 * counted) it is the end of the lockout.
 */
interface OtpAttemptDoc {
  key: string;
  aadObjectId: string;
  failures: number;
  until: Date;
  updatedAt: Date;
}

/** Concurrent first attempts or an expiring lock can make a reservation lose a race: it tries again. */
const MAX_TRIES = 4;

/** Attempt counters in `otpAttempts`: every change is a single guarded findOneAndUpdate (no transactions). */
export class StoreOtpAttemptRepository implements OtpAttemptRepository {
  private readonly collection: LazyCollection<OtpAttemptDoc>;

  constructor(store: DocumentStore) {
    this.collection = new LazyCollection<OtpAttemptDoc>(store, 'otpAttempts', [
      { fields: { key: 1 }, unique: true },
    ]);
  }

  async init(): Promise<void> {
    await this.collection.get();
  }

  async get(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<OtpAttemptState> {
    const doc = await (await this.collection.get()).findOne({ key: keyOf(aadObjectId) });
    if (!doc) return { failures: 0 };
    if (!isLocked(doc, policy)) return { failures: doc.failures };
    // A lock that has expired counts as nothing: the next attempt starts a fresh count.
    return doc.until.getTime() > now.getTime()
      ? { failures: doc.failures, lockedUntil: doc.until }
      : { failures: 0 };
  }

  async reserve(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<OtpReservation> {
    const docs = await this.collection.get();
    const key = keyOf(aadObjectId);
    const until = new Date(now.getTime() + policy.lockoutMs);
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      try {
        // The common case, one round trip: a first attempt (upsert) or one more below the limit.
        const taken = await docs.findOneAndUpdate(
          { key, failures: { $lt: policy.maxAttempts } },
          { $inc: { failures: 1 }, $set: { aadObjectId, until, updatedAt: now } },
          { upsert: true },
        );
        if (taken) return reservation(taken, policy);
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
      }
      // The document exists at the limit (or a concurrent first attempt created it): locked, or a lock that
      // has expired, which exactly one caller turns into the first attempt of a fresh count.
      const restarted = await docs.findOneAndUpdate(
        { key, failures: { $gte: policy.maxAttempts }, until: { $lte: now } },
        { $set: { failures: 1, until, updatedAt: now } },
      );
      if (restarted) return reservation(restarted, policy);
      const current = await docs.findOne({ key });
      if (current && isLocked(current, policy) && current.until.getTime() > now.getTime())
        return { allowed: false, lockedUntil: current.until };
    }
    const current = await docs.findOne({ key });
    return { allowed: false, lockedUntil: current?.until ?? until };
  }

  async reset(aadObjectId: string): Promise<void> {
    await (await this.collection.get()).deleteMany({ key: keyOf(aadObjectId) });
  }
}

function keyOf(aadObjectId: string): string {
  return `otp:${aadObjectId}`;
}

function isLocked(doc: OtpAttemptDoc, policy: OtpLockPolicy): boolean {
  return doc.failures >= policy.maxAttempts;
}

function reservation(doc: OtpAttemptDoc, policy: OtpLockPolicy): OtpReservation {
  return isLocked(doc, policy)
    ? { allowed: true, failures: doc.failures, lockedUntil: doc.until }
    : { allowed: true, failures: doc.failures };
}
