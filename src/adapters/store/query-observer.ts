import type { Collection, Filter, FindOptions, IndexSpec } from '../../ports/document-store';

/**
 * Sees every query a repository sends and the indexes it declared for that collection (test support: the
 * index-coverage check in test/support/index-coverage.ts). Unset in production: collections are then used
 * directly, at no cost.
 */
export interface QueryObserver {
  declared(collection: string, indexes: IndexSpec[]): void;
  queried(collection: string, op: string, filter: Filter, sort?: FindOptions['sort']): void;
}

let current: QueryObserver | undefined;

export function setQueryObserver(observer: QueryObserver | undefined): void {
  current = observer;
}

/** The collection itself when nothing observes; otherwise one that reports each filtered call first. */
export function observed<T extends object>(
  inner: Collection<T>,
  name: string,
  indexes: IndexSpec[],
): Collection<T> {
  const observer = current;
  if (!observer) return inner;
  observer.declared(name, indexes);
  const note = (op: string, filter: Filter, options?: FindOptions): void =>
    observer.queried(name, op, filter, options?.sort);
  return {
    ensureIndexes: (specs) => inner.ensureIndexes(specs),
    insertOne: (doc) => inner.insertOne(doc),
    findOne: (filter) => (note('findOne', filter), inner.findOne(filter)),
    find: (filter, options) => (note('find', filter, options), inner.find(filter, options)),
    stream: (filter, options) => (note('stream', filter, options), inner.stream(filter, options)),
    count: (filter) => (note('count', filter), inner.count(filter)),
    countBy: (filter, by) => (note('countBy', filter), inner.countBy(filter, by)),
    findOneAndUpdate: (filter, update, options) => (
      note('findOneAndUpdate', filter),
      inner.findOneAndUpdate(filter, update, options)
    ),
    updateMany: (filter, update) => (note('updateMany', filter), inner.updateMany(filter, update)),
    deleteMany: (filter) => (note('deleteMany', filter), inner.deleteMany(filter)),
  };
}
