import type { DocumentStore } from '../../ports/document-store';
import type { RateLimitCounter } from '../../ports/rate-limit-counter';
import type { Purgeable } from '../../ports/retention';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue } from './safe-value';

interface HitLog {
  key: string;
  /** Times of recent hits (trimmed now and then). */
  hits: Date[];
  lastHitAt: Date;
}

/** Hits older than the window are trimmed once this many have piled up. */
const TRIM_AFTER = 20;

/**
 * Hit logs in `commandRateLimits`: one document per key, appended to with a single upsert (atomic on MongoDB
 * and the embedded store), so every instance sees every hit. Keys idle for a day go with the hourly
 * retention sweep.
 */
export class DocumentRateLimitCounter implements RateLimitCounter, Purgeable {
  private readonly logs: LazyCollection<HitLog>;

  constructor(store: DocumentStore) {
    this.logs = new LazyCollection<HitLog>(store, 'commandRateLimits', [
      { fields: { key: 1 }, unique: true },
      { fields: { lastHitAt: 1 } },
    ]);
  }

  async hit(key: string, at: Date, windowMs: number): Promise<number> {
    assertSafeValue(key, 'key');
    const logs = await this.logs.get();
    const doc = await logs.findOneAndUpdate(
      { key },
      { $push: { hits: at }, $set: { lastHitAt: at } },
      { upsert: true },
    );
    const hits = (doc?.hits ?? [at]).map((h) => new Date(h));
    const recent = hits.filter((h) => h.getTime() > at.getTime() - windowMs);
    // A concurrent hit landing between the read above and this write is dropped from the log: the limit
    // may then count one hit short, never one too many.
    if (hits.length - recent.length > TRIM_AFTER)
      await logs.findOneAndUpdate({ key }, { $set: { hits: recent } });
    return recent.length;
  }

  async purgeOlderThan(before: Date): Promise<number> {
    return (await this.logs.get()).deleteMany({ lastHitAt: { $lt: before } });
  }
}
