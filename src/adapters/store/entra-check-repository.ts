import type { DocumentStore } from '../../ports/document-store';
import type { EntraCheckRepository, PendingEntraCheck } from '../../ports/entra-check-repository';
import { LazyCollection } from './lazy-collection';
import { isLookupText } from './safe-value';

/** `entraChecks`: one document per person, found by `dueAt` (indexed) by the background check. */
export class DocumentEntraCheckRepository implements EntraCheckRepository {
  private readonly checks: LazyCollection<PendingEntraCheck>;

  constructor(store: DocumentStore) {
    this.checks = new LazyCollection<PendingEntraCheck>(store, 'entraChecks', [
      { fields: { aadObjectId: 1 }, unique: true },
      { fields: { dueAt: 1 } },
    ]);
  }

  async schedule(check: PendingEntraCheck): Promise<void> {
    if (!isLookupText(check.aadObjectId)) return;
    const { aadObjectId, ...rest } = check;
    await (await this.checks.get()).findOneAndUpdate({ aadObjectId }, { $set: rest }, { upsert: true });
  }

  async due(now: Date, limit: number): Promise<PendingEntraCheck[]> {
    return (await this.checks.get()).find({ dueAt: { $lte: now } }, { sort: { dueAt: 1 }, limit });
  }

  async reschedule(aadObjectId: string, attempt: number, dueAt: Date): Promise<void> {
    if (!isLookupText(aadObjectId)) return;
    await (await this.checks.get()).findOneAndUpdate({ aadObjectId }, { $set: { attempt, dueAt } });
  }

  async remove(aadObjectId: string): Promise<void> {
    if (!isLookupText(aadObjectId)) return;
    await (await this.checks.get()).deleteMany({ aadObjectId });
  }

  async get(aadObjectId: string): Promise<PendingEntraCheck | null> {
    if (!isLookupText(aadObjectId)) return null;
    return (await this.checks.get()).findOne({ aadObjectId });
  }
}
