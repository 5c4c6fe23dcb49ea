import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../../src/adapters/embedded/embedded-document-store';
import { MongoDocumentStore } from '../../src/adapters/mongo/mongo-document-store';
import type { DocumentStore } from '../../src/ports/document-store';

/** Opens a fresh, empty store; `cleanup` closes it and removes everything it wrote. */
export interface StoreFactory {
  name: string;
  /** False when the driver's server is not available in this run (see mongo-global-setup). */
  available: boolean;
  open(): Promise<OpenedStore>;
}

export interface OpenedStore {
  store: DocumentStore;
  cleanup(): Promise<void>;
}

/** A database name of its own for each store a test opens, so test files never share data. */
export function uniqueDbName(prefix = 'test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function mongoTestUrl(): string | undefined {
  return process.env.MONGO_TESTS_UNAVAILABLE === '1' ? undefined : process.env.MONGODB_URL;
}

export const embeddedFactory: StoreFactory = {
  name: 'embedded',
  available: true,
  open: async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-store-'));
    // A small page so the contract suites cross page boundaries when streaming.
    const store = new EmbeddedDocumentStore({ dataDir, streamPageSize: 100 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const mongoFactory: StoreFactory = {
  name: `mongo (${process.env.MONGO_TEST_BACKEND ?? 'FerretDB/SQLite or MONGODB_URL'})`,
  available: mongoTestUrl() !== undefined,
  open: async () => {
    const url = mongoTestUrl();
    if (!url) throw new Error('MONGODB_URL is not set (mongo-global-setup did not run?)');
    const store = await MongoDocumentStore.connect({
      url,
      db: uniqueDbName(),
      serverSelectionTimeoutMs: 5000,
    });
    return {
      store,
      cleanup: async () => {
        await store.dropDatabase();
        await store.close();
      },
    };
  },
};

/** The `contract-pg` project runs only the MongoDB side: the embedded store's contract runs in `contract`. */
export const storeFactories: StoreFactory[] =
  process.env.CONTRACT_SKIP_EMBEDDED === '1' ? [mongoFactory] : [embeddedFactory, mongoFactory];

/**
 * `describe` once per driver with a fresh store for every test. A driver whose server is unavailable in
 * this run is skipped with a visible message (only possible locally: CI fails in global setup instead).
 */
export function describeEachStore(
  title: string,
  body: (ctx: { store: () => DocumentStore; factory: () => StoreFactory }) => void,
): void {
  for (const factory of storeFactories) {
    const run = factory.available ? describe : describe.skip;
    if (!factory.available) {
      process.stderr.write(
        `SKIPPED "${title}" on ${factory.name}: no MongoDB in this run (see test output above)\n`,
      );
    }
    run(`${title} [${factory.name}]`, () => {
      let opened: OpenedStore | undefined;
      beforeEach(async () => {
        opened = await factory.open();
      });
      afterEach(async () => {
        await opened?.cleanup();
        opened = undefined;
      });
      body({
        factory: () => factory,
        store: () => {
          if (!opened) throw new Error('store used outside a test');
          return opened.store;
        },
      });
    });
  }
}
