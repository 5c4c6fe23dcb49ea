import type { Collection, DocumentStore } from '../../src/ports/document-store';

/** One call the bot made to its store: a round trip to the database on MongoDB. */
export interface StoreCall {
  collection: string;
  op: string;
  filter: string;
}

const READS = new Set(['findOne', 'find', 'count', 'countBy', 'stream']);
const WRITES = new Set(['insertOne', 'findOneAndUpdate', 'updateMany', 'deleteMany']);
const COUNTED = [...READS, ...WRITES];

/**
 * A DocumentStore that records every collection call (ensureIndexes is set-up, not a turn's work, and is
 * not recorded). `take()` returns the calls since the last take, for counting one turn's round trips.
 */
export class CountingStore implements DocumentStore {
  private calls: StoreCall[] = [];

  constructor(private readonly inner: DocumentStore) {}

  get kind(): DocumentStore['kind'] {
    return this.inner.kind;
  }

  get description(): string {
    return this.inner.description;
  }

  collection<T extends object>(name: string): Collection<T> {
    const target = this.inner.collection<T>(name);
    const record = (op: string, filter: unknown): void => {
      this.calls.push({ collection: name, op, filter: JSON.stringify(filter ?? {}) });
    };
    const wrapped: Record<string, unknown> = {
      ensureIndexes: target.ensureIndexes.bind(target),
    };
    for (const op of COUNTED) {
      const fn = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[op].bind(target);
      wrapped[op] = (...args: unknown[]) => {
        record(op, op === 'insertOne' ? { insert: true } : args[0]);
        return fn(...args);
      };
    }
    return wrapped as unknown as Collection<T>;
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  take(): StoreCall[] {
    const taken = this.calls;
    this.calls = [];
    return taken;
  }
}

export const readsOf = (calls: StoreCall[]): StoreCall[] => calls.filter((c) => READS.has(c.op));
export const writesOf = (calls: StoreCall[]): StoreCall[] => calls.filter((c) => WRITES.has(c.op));

/** Reads of the same collection with the same filter made more than once in the calls. */
export function repeatedReads(calls: StoreCall[]): string[] {
  const seen = new Map<string, number>();
  for (const c of readsOf(calls)) {
    const key = `${c.collection}.${c.op} ${c.filter}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
}
