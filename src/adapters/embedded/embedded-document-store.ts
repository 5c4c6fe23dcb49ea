import path from 'node:path';
import Nedb from '@seald-io/nedb';
import { StoreUnavailableError } from '../../errors';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../private-files';
import type { Collection, DocumentStore } from '../../ports/document-store';
import { DataDirLock } from './data-dir-lock';
import { EmbeddedCollection } from './embedded-collection';

export interface EmbeddedStoreOptions {
  /** Data files go to `<dataDir>/db/<collection>.db`. Required unless `inMemory`. */
  dataDir?: string;
  /** Nothing touches the disk (unit tests). */
  inMemory?: boolean;
  /** How often NeDB rewrites its append-only files; default 10 minutes (and always on close). */
  compactionIntervalMs?: number;
  /** Documents per page when streaming (each page is one sorted query); default 5000. */
  streamPageSize?: number;
}

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
const DEFAULT_COMPACTION_MS = 10 * 60 * 1000;

/**
 * The file-backed store used by `npm start` with no database, on @seald-io/nedb: one datafile per
 * collection, loaded at first use, so the bot's data survives restarts. One process per data directory.
 */
export class EmbeddedDocumentStore implements DocumentStore {
  readonly kind = 'embedded' as const;
  readonly description: string;
  private readonly dir?: string;
  private readonly collections = new Map<
    string,
    { ds: Nedb<Record<string, unknown>>; ready: Promise<void> }
  >();
  private readonly wrappers = new Map<string, Collection<object>>();
  private closed = false;
  private readonly lock?: DataDirLock;

  constructor(private readonly options: EmbeddedStoreOptions) {
    if (!options.inMemory && !options.dataDir) {
      throw new Error('EmbeddedDocumentStore needs a dataDir (or inMemory: true)');
    }
    this.dir = options.inMemory ? undefined : path.resolve(options.dataDir as string, 'db');
    this.description = this.dir ? `embedded (${this.dir})` : 'embedded (in memory)';
    this.lock = this.dir ? new DataDirLock(this.dir) : undefined;
    this.lock?.acquire();
  }

  collection<T extends object>(name: string): Collection<T> {
    if (!COLLECTION_NAME.test(name)) throw new Error(`Invalid collection name: ${name}`);
    const existing = this.wrappers.get(name);
    if (existing) return existing as Collection<T>;
    const ds = new Nedb<Record<string, unknown>>(
      this.dir
        ? {
            filename: path.join(this.dir, `${name}.db`),
            modes: { fileMode: PRIVATE_FILE_MODE, dirMode: PRIVATE_DIR_MODE },
          }
        : { inMemoryOnly: true },
    );
    const ready = this.dir ? this.load(ds) : Promise.resolve();
    this.collections.set(name, { ds, ready });
    const wrapper = new EmbeddedCollection<T>(
      ds,
      () => this.guard(ready),
      this.options.streamPageSize ?? 5000,
    );
    this.wrappers.set(name, wrapper);
    return wrapper;
  }

  ping(): Promise<void> {
    return this.closed
      ? Promise.reject(new StoreUnavailableError(new Error('store closed')))
      : Promise.resolve();
  }

  /** Compacts every datafile (so the next start loads one line per document) and stops the timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const { ds, ready } of this.collections.values()) {
        const loaded = await ready.then(
          () => true,
          () => false,
        );
        // After `ready`: a load still in flight at close() would otherwise start the timer afterwards.
        ds.stopAutocompaction();
        if (loaded && this.dir) await ds.compactDatafileAsync();
      }
    } finally {
      this.lock?.release();
    }
  }

  private async load(ds: Nedb<Record<string, unknown>>): Promise<void> {
    await ds.loadDatabaseAsync();
    // A collection first used after close() must not leave a timer behind (it would keep the process alive).
    if (!this.closed)
      ds.setAutocompactionInterval(this.options.compactionIntervalMs ?? DEFAULT_COMPACTION_MS);
  }

  /** Operations after close, or on a datafile that could not be loaded, fail as "store unavailable". */
  private async guard(ready: Promise<void>): Promise<void> {
    try {
      await ready;
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
    if (this.closed) throw new StoreUnavailableError(new Error('store closed'));
  }
}
