import type { DocumentStore } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';
import type {
  IssueOutcome,
  PhoneCodeRepository,
  SendLimits,
  StoredPhoneCode,
} from '../../ports/phone-code-repository';
import { DuplicateKeyError } from '../../errors';

const MAX_RACES = 5;

/** One document per person in `phone_codes`; each send is guarded by the previous send time. */
export class StorePhoneCodeRepository implements PhoneCodeRepository {
  private readonly collection: LazyCollection<StoredPhoneCode>;

  constructor(store: DocumentStore) {
    this.collection = new LazyCollection<StoredPhoneCode>(store, 'phoneCodes', [
      { fields: { aadObjectId: 1 }, unique: true },
    ]);
  }

  async init(): Promise<void> {
    await this.collection.get();
  }

  async get(aadObjectId: string): Promise<StoredPhoneCode | null> {
    return (await this.collection.get()).findOne({ aadObjectId });
  }

  async issue(
    aadObjectId: string,
    code: Pick<StoredPhoneCode, 'channel' | 'sealedPhone' | 'codeHash' | 'expiresAt'>,
    now: Date,
    limits: SendLimits,
  ): Promise<IssueOutcome> {
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await (await this.collection.get()).findOne({ aadObjectId });
      if (!current) {
        try {
          await (
            await this.collection.get()
          ).insertOne({
            aadObjectId,
            state: 'pending',
            ...code,
            lastSentAt: now,
            windowStart: now,
            windowCount: 1,
          });
          return { ok: true };
        } catch (e) {
          if (e instanceof DuplicateKeyError) continue;
          throw e;
        }
      }
      const refusal = limitReached(current, now, limits);
      if (refusal) return refusal;
      const windowOver = now.getTime() - current.windowStart.getTime() >= limits.windowMs;
      const updated = await (
        await this.collection.get()
      ).findOneAndUpdate(
        { aadObjectId, lastSentAt: current.lastSentAt, windowCount: current.windowCount },
        {
          $set: {
            state: 'pending',
            ...code,
            lastSentAt: now,
            windowStart: windowOver ? now : current.windowStart,
            windowCount: windowOver ? 1 : current.windowCount + 1,
          },
        },
      );
      if (updated) return { ok: true };
    }
    return { ok: false, reason: 'too-soon', retryAt: new Date(now.getTime() + limits.minIntervalMs) };
  }

  async consume(aadObjectId: string, codeHash: string, now: Date): Promise<boolean> {
    const used = await (
      await this.collection.get()
    ).findOneAndUpdate(
      { aadObjectId, state: 'pending', codeHash, expiresAt: { $gt: now } },
      { $set: { state: 'used' } },
    );
    return used !== null;
  }

  async invalidate(aadObjectId: string): Promise<void> {
    await (
      await this.collection.get()
    ).updateMany({ aadObjectId, state: 'pending' }, { $set: { state: 'used' } });
  }
}

function limitReached(current: StoredPhoneCode, now: Date, limits: SendLimits): IssueOutcome | undefined {
  const sinceLast = now.getTime() - current.lastSentAt.getTime();
  if (sinceLast < limits.minIntervalMs) {
    return {
      ok: false,
      reason: 'too-soon',
      retryAt: new Date(current.lastSentAt.getTime() + limits.minIntervalMs),
    };
  }
  const windowEnds = current.windowStart.getTime() + limits.windowMs;
  if (now.getTime() < windowEnds && current.windowCount >= limits.maxPerWindow) {
    return { ok: false, reason: 'window-full', retryAt: new Date(windowEnds) };
  }
  return undefined;
}
