import type { DocumentStore } from '../../ports/document-store';
import type { DirectorySyncState, DirectorySyncStateRepository } from '../../ports/directory-sync-state';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue } from './safe-value';

interface RemovedPerson {
  source: string;
  id: string;
  removedAt: Date;
}

/** Sync state in `directory_sync` (one document per source) and removals in `directory_removed`. */
export class DocumentDirectorySyncStateRepository implements DirectorySyncStateRepository {
  private readonly states: LazyCollection<DirectorySyncState>;
  private readonly removed: LazyCollection<RemovedPerson>;

  constructor(store: DocumentStore) {
    this.states = new LazyCollection<DirectorySyncState>(store, 'directory_sync', [
      { fields: { source: 1 }, unique: true },
    ]);
    this.removed = new LazyCollection<RemovedPerson>(store, 'directory_removed', [
      { fields: { source: 1, id: 1 }, unique: true },
    ]);
  }

  async get(source: string): Promise<DirectorySyncState | null> {
    return (await this.states.get()).findOne({ source });
  }

  /** A field given as undefined is removed (e.g. `lastError` after a success). */
  async save(source: string, fields: Omit<DirectorySyncState, 'source'>): Promise<void> {
    assertSafeValue(fields, 'fields');
    const set: Record<string, unknown> = {};
    const unset: Record<string, true> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) unset[key] = true;
      else set[key] = value;
    }
    const update = Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
    await (await this.states.get()).findOneAndUpdate({ source }, update, { upsert: true });
  }

  async markRemoved(source: string, ids: string[], at: Date): Promise<void> {
    const removed = await this.removed.get();
    for (const id of ids) {
      await removed.findOneAndUpdate({ source, id }, { $set: { removedAt: at } }, { upsert: true });
    }
  }

  async listRemoved(source: string, limit: number): Promise<{ id: string; removedAt: Date }[]> {
    const rows = await (await this.removed.get()).find({ source }, { sort: { removedAt: -1 }, limit });
    return rows.map((r) => ({ id: r.id, removedAt: r.removedAt }));
  }
}
