import { StoreUnavailableError } from '../../../src/errors';
import type { Collection, DocumentStore } from '../../../src/ports/document-store';

const WRITES = new Set(['insertOne', 'findOneAndUpdate', 'updateMany', 'deleteMany']);

/**
 * A DocumentStore whose writes can be made to fail, as if the database went away at that moment: arm it
 * with `failWrite(n)` and the n-th write from then on (and every write after it, until `heal()`) throws
 * StoreUnavailableError without reaching the inner store.
 */
export class FailingStore implements DocumentStore {
  readonly kind: DocumentStore['kind'];
  readonly description: string;
  writes = 0;
  private failFrom?: number;

  constructor(private readonly inner: DocumentStore) {
    this.kind = inner.kind;
    this.description = `failing(${inner.description})`;
  }

  failWrite(n: number): void {
    this.writes = 0;
    this.failFrom = n;
  }

  heal(): void {
    this.failFrom = undefined;
  }

  countWrites(): void {
    this.writes = 0;
    this.failFrom = undefined;
  }

  collection<T extends object>(name: string): Collection<T> {
    const coll = this.inner.collection<T>(name);
    return new Proxy(coll, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || !WRITES.has(String(prop))) return value;
        return (...args: unknown[]) => {
          this.writes += 1;
          if (this.failFrom !== undefined && this.writes >= this.failFrom) {
            return Promise.reject(
              new StoreUnavailableError(new Error(`injected failure of ${name}.${String(prop)}`)),
            );
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
