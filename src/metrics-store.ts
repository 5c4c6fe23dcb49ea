import type { Collection, DocumentStore } from './ports/document-store';
import type { Metrics } from './metrics';

type Timed =
  | 'ensureIndexes'
  | 'insertOne'
  | 'findOne'
  | 'find'
  | 'count'
  | 'countBy'
  | 'findOneAndUpdate'
  | 'updateMany'
  | 'deleteMany';
const TIMED: readonly Timed[] = [
  'ensureIndexes',
  'insertOne',
  'findOne',
  'find',
  'count',
  'countBy',
  'findOneAndUpdate',
  'updateMany',
  'deleteMany',
];

function instrumentCollection<T extends object>(
  inner: Collection<T>,
  name: string,
  metrics: Metrics,
): Collection<T> {
  const wrapped: Partial<Collection<T>> = { stream: (filter, options) => inner.stream(filter, options) };
  for (const op of TIMED) {
    const fn = inner[op].bind(inner) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[op] = (...args: unknown[]) =>
      metrics.timeStore(`${name}.${op}`, () => fn(...args));
  }
  return wrapped as Collection<T>;
}

/**
 * The same DocumentStore with every collection operation timed into store_operation_seconds
 * (label operation = "<collection>.<method>", outcome = ok | error). Repositories need not know.
 */
export function instrumentStore(store: DocumentStore, metrics: Metrics): DocumentStore {
  const collections = new Map<string, Collection<object>>();
  return {
    kind: store.kind,
    description: store.description,
    collection<T extends object>(name: string): Collection<T> {
      let c = collections.get(name);
      if (!c) {
        c = instrumentCollection(store.collection<object>(name), name, metrics);
        collections.set(name, c);
      }
      return c as Collection<T>;
    },
    ping: () => metrics.timeStore('ping', () => store.ping()),
    close: () => store.close(),
  };
}
