import type { DocumentStore } from '../../ports/document-store';
import type {
  BulkOperation,
  BulkOperationRepository,
  BulkSummary,
} from '../../ports/bulk-operation-repository';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';

/** Pending bulk admin changes in `bulkOperations`, claimed with a state guard (no transactions needed). */
export class DocumentBulkOperationRepository implements BulkOperationRepository {
  private readonly ops: LazyCollection<BulkOperation>;

  constructor(store: DocumentStore) {
    this.ops = new LazyCollection<BulkOperation>(store, 'bulkOperations', [
      { fields: { id: 1 }, unique: true },
      { fields: { createdAt: 1 } },
    ]);
  }

  async create(op: BulkOperation): Promise<void> {
    assertSafeValue(op, 'bulk operation');
    await (await this.ops.get()).insertOne(op);
  }

  async get(id: string): Promise<BulkOperation | null> {
    if (!isLookupText(id)) return null;
    return (await this.ops.get()).findOne({ id });
  }

  async claim(id: string, actor: string, now: Date, staleBefore: Date): Promise<BulkOperation | null> {
    if (!isLookupText(id) || !isLookupText(actor)) return null;
    const ops = await this.ops.get();
    const fresh = await ops.findOneAndUpdate(
      { id, actor, state: 'pending', expiresAt: { $gt: now } },
      { $set: { state: 'applying', confirmedAt: now, heartbeatAt: now, appliedCount: 0 } },
    );
    if (fresh) return fresh;
    // Resuming one whose process died: guarded by the old heartbeat, so only one press takes it over.
    return ops.findOneAndUpdate(
      { id, actor, state: 'applying', heartbeatAt: { $lt: staleBefore } },
      { $set: { heartbeatAt: now } },
    );
  }

  async heartbeat(id: string, appliedCount: number, summary: BulkSummary, now: Date): Promise<void> {
    assertSafeValue(summary, 'summary');
    await (
      await this.ops.get()
    ).findOneAndUpdate({ id, state: 'applying' }, { $set: { heartbeatAt: now, appliedCount, summary } });
  }

  async finish(id: string, summary: BulkSummary, now: Date): Promise<void> {
    assertSafeValue(summary, 'summary');
    await (
      await this.ops.get()
    ).findOneAndUpdate({ id, state: 'applying' }, { $set: { state: 'done', summary, finishedAt: now } });
  }

  async cancel(id: string, actor: string, now: Date): Promise<boolean> {
    if (!isLookupText(id) || !isLookupText(actor)) return false;
    const done = await (
      await this.ops.get()
    ).findOneAndUpdate({ id, actor, state: 'pending' }, { $set: { state: 'cancelled', finishedAt: now } });
    return done !== null;
  }

  async purge(before: Date): Promise<number> {
    return (await this.ops.get()).deleteMany({ createdAt: { $lt: before } });
  }
}
