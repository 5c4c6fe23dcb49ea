import type { Collection, DocumentStore, IndexSpec } from '../../ports/document-store';
import { observed } from './query-observer';

/**
 * A collection whose indexes are created on first use (once; retried after a failure such as the
 * database being down), so repositories can be built synchronously in the composition root.
 */
export class LazyCollection<T extends object> {
  private readonly collection: Collection<T>;
  private indexes?: Promise<void>;

  constructor(
    store: DocumentStore,
    name: string,
    private readonly specs: IndexSpec[],
  ) {
    this.collection = observed(store.collection<T>(name), name, specs);
  }

  async get(): Promise<Collection<T>> {
    this.indexes ??= this.collection.ensureIndexes(this.specs).catch((err: unknown) => {
      this.indexes = undefined;
      throw err;
    });
    await this.indexes;
    return this.collection;
  }
}
