import type { DocumentStore } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';
import type {
  OtpAttemptRepository,
  OtpAttemptState,
  OtpLockPolicy,
  OtpPurpose,
} from '../../ports/otp-attempt-repository';

interface OtpAttemptDoc {
  key: string;
  aadObjectId: string;
  purpose: OtpPurpose;
  failures: number;
  lockedUntil?: Date;
  updatedAt: Date;
}

/** One document per (person, purpose); every change is a single atomic findOneAndUpdate. */
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

  async get(aadObjectId: string, purpose: OtpPurpose, now: Date): Promise<OtpAttemptState> {
    await this.clearExpiredLock(aadObjectId, purpose, now);
    const doc = await (await this.collection.get()).findOne({ key: keyOf(aadObjectId, purpose) });
    return toState(doc);
  }

  async recordFailure(
    aadObjectId: string,
    purpose: OtpPurpose,
    now: Date,
    policy: OtpLockPolicy,
  ): Promise<OtpAttemptState> {
    await this.clearExpiredLock(aadObjectId, purpose, now);
    const key = keyOf(aadObjectId, purpose);
    const counted = await (
      await this.collection.get()
    ).findOneAndUpdate(
      { key },
      { $inc: { failures: 1 }, $set: { aadObjectId, purpose, updatedAt: now } },
      { upsert: true },
    );
    if (!counted || counted.failures < policy.maxAttempts || counted.lockedUntil) return toState(counted);
    // Exactly one of several concurrent failures sets the lock; the others see it on the re-read.
    const locked = await (
      await this.collection.get()
    ).findOneAndUpdate(
      { key, lockedUntil: { $exists: false }, failures: { $gte: policy.maxAttempts } },
      { $set: { lockedUntil: new Date(now.getTime() + policy.lockoutMs), updatedAt: now } },
    );
    return toState(locked ?? (await (await this.collection.get()).findOne({ key })));
  }

  async reset(aadObjectId: string, purpose: OtpPurpose): Promise<void> {
    await (await this.collection.get()).deleteMany({ key: keyOf(aadObjectId, purpose) });
  }

  private async clearExpiredLock(aadObjectId: string, purpose: OtpPurpose, now: Date): Promise<void> {
    await (
      await this.collection.get()
    ).findOneAndUpdate(
      { key: keyOf(aadObjectId, purpose), lockedUntil: { $lte: now } },
      { $set: { failures: 0, updatedAt: now }, $unset: { lockedUntil: true } },
    );
  }
}

function keyOf(aadObjectId: string, purpose: OtpPurpose): string {
  return `${purpose}:${aadObjectId}`;
}

function toState(doc: OtpAttemptDoc | null): OtpAttemptState {
  return doc ? { failures: doc.failures, lockedUntil: doc.lockedUntil } : { failures: 0 };
}
