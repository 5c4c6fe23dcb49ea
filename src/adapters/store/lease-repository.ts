import { DuplicateKeyError } from '../../errors';
import type { DocumentStore } from '../../ports/document-store';
import type { Lease, LeaseRepository } from '../../ports/lease-repository';
import { LazyCollection } from './lazy-collection';
import { isLookupText } from './safe-value';

/** Leases in `leases`: a unique name, taken with a guarded findOneAndUpdate, created once with insertOne. */
export class DocumentLeaseRepository implements LeaseRepository {
  private readonly leases: LazyCollection<Lease>;

  constructor(store: DocumentStore) {
    this.leases = new LazyCollection<Lease>(store, 'leases', [{ fields: { name: 1 }, unique: true }]);
  }

  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    if (!isLookupText(name) || !isLookupText(holder)) return false;
    const leases = await this.leases.get();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const taken = await leases.findOneAndUpdate(
      { name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
      { $set: { holder, expiresAt } },
    );
    if (taken) return true;
    try {
      await leases.insertOne({ name, holder, expiresAt });
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    if (!isLookupText(name) || !isLookupText(holder)) return;
    await (await this.leases.get()).findOneAndUpdate({ name, holder }, { $set: { expiresAt: new Date(0) } });
  }

  async get(name: string): Promise<Lease | null> {
    if (!isLookupText(name)) return null;
    return (await this.leases.get()).findOne({ name });
  }
}
