import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../src/adapters/embedded/embedded-document-store';
import { MongoDocumentStore } from '../src/adapters/mongo/mongo-document-store';
import type { DocumentStore } from '../src/ports/document-store';
import { startFerretOnPostgres, type FerretOnPostgres } from '../test/support/ferretdb-postgres';
import { copyStaffToMongo, seedEmbedded } from './seed';

export type StoreKind = 'embedded' | 'ferretdb';

/**
 * The MongoDB-compatible server the bench uses: `BENCH_MONGODB_URL` or `MONGODB_URL` when set (a real MongoDB
 * you own: the bench writes databases named bench_<size>), else FerretDB on a private PostgreSQL cluster (its
 * SQLite backend reads whole collections for every filter: turns on it fail, README, Performance). Read once
 * at start and removed from the environment, so the embedded bot processes never see it.
 */
export const GIVEN_MONGODB_URL = process.env.BENCH_MONGODB_URL ?? process.env.MONGODB_URL;
delete process.env.MONGODB_URL;

/** What the MongoDB figures were measured on, for the table's labels. */
export const MONGO_LABEL = GIVEN_MONGODB_URL ? 'MongoDB at MONGODB_URL' : 'FerretDB 1.24 on PostgreSQL';

/** Seeded directories of each size: an embedded data dir, and (when a MongoDB runs) a database with the same staff. */
export class BenchStores {
  private readonly root = mkdtempSync(path.join(os.tmpdir(), 'mfa-bench-'));
  private ferret?: FerretOnPostgres;
  private mongoUrl?: string;
  ferretProblem?: string;
  readonly seedMs = new Map<number, number>();

  async seed(sizes: number[]): Promise<void> {
    for (const size of sizes) this.seedMs.set(size, (await seedEmbedded(this.dataDir(size), size)).ms);
    try {
      mkdirSync(path.join(this.root, 'mongo'));
      if (GIVEN_MONGODB_URL) this.mongoUrl = GIVEN_MONGODB_URL;
      else this.mongoUrl = (this.ferret = await startFerretOnPostgres()).url;
      for (const size of sizes) await copyStaffToMongo(this.dataDir(size), this.mongoUrl, dbName(size));
    } catch (err) {
      this.ferretProblem = err instanceof Error ? err.message.split('\n')[0] : String(err);
      await this.ferret?.stop();
      this.ferret = undefined;
      this.mongoUrl = undefined;
    }
  }

  kinds(): StoreKind[] {
    return this.mongoUrl ? ['embedded', 'ferretdb'] : ['embedded'];
  }

  dataDir(size: number): string {
    return path.join(this.root, `embedded-${size}`);
  }

  /** Environment for the bot child process. */
  env(kind: StoreKind, size: number): Record<string, string> {
    if (kind === 'embedded') return { DATA_DIR: this.dataDir(size) };
    return {
      DATA_DIR: path.join(this.root, `ferret-data-${size}`),
      MONGODB_URL: this.mongoUrl!,
      MONGODB_DB: dbName(size),
    };
  }

  /** The store in this process, for the report benchmark (long socket timeout: FerretDB scans are slow). */
  async open(kind: StoreKind, size: number): Promise<DocumentStore> {
    if (kind === 'embedded') return new EmbeddedDocumentStore({ dataDir: this.dataDir(size) });
    return MongoDocumentStore.connect({
      url: this.mongoUrl!,
      db: dbName(size),
      serverSelectionTimeoutMs: 5_000,
      socketTimeoutMs: 600_000,
    });
  }

  async close(): Promise<void> {
    await this.ferret?.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}

function dbName(size: number): string {
  return `bench_${size}`;
}
