import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../src/adapters/embedded/embedded-document-store';
import { MongoDocumentStore } from '../src/adapters/mongo/mongo-document-store';
import type { DocumentStore } from '../src/ports/document-store';
import { startFerretDb, type FerretDbServer } from '../test/support/ferretdb';
import { copyStaffToMongo, seedEmbedded } from './seed';

export type StoreKind = 'embedded' | 'ferretdb';

/** Seeded directories of each size: an embedded data dir, and (when FerretDB runs) a database with the same staff. */
export class BenchStores {
  private readonly root = mkdtempSync(path.join(os.tmpdir(), 'mfa-bench-'));
  private ferret?: FerretDbServer;
  ferretProblem?: string;
  readonly seedMs = new Map<number, number>();

  async seed(sizes: number[]): Promise<void> {
    for (const size of sizes) this.seedMs.set(size, (await seedEmbedded(this.dataDir(size), size)).ms);
    try {
      const dir = path.join(this.root, 'ferretdb');
      mkdirSync(dir);
      this.ferret = await startFerretDb({ dir });
      for (const size of sizes) await copyStaffToMongo(this.dataDir(size), this.ferret.url, dbName(size));
    } catch (err) {
      this.ferretProblem = err instanceof Error ? err.message.split('\n')[0] : String(err);
      await this.ferret?.stop();
      this.ferret = undefined;
    }
  }

  kinds(): StoreKind[] {
    return this.ferret ? ['embedded', 'ferretdb'] : ['embedded'];
  }

  dataDir(size: number): string {
    return path.join(this.root, `embedded-${size}`);
  }

  /** Environment for the bot child process. */
  env(kind: StoreKind, size: number): Record<string, string> {
    if (kind === 'embedded') return { DATA_DIR: this.dataDir(size) };
    return {
      DATA_DIR: path.join(this.root, `ferret-data-${size}`),
      MONGODB_URL: this.ferret!.url,
      MONGODB_DB: dbName(size),
    };
  }

  /** The store in this process, for the report benchmark (long socket timeout: FerretDB scans are slow). */
  async open(kind: StoreKind, size: number): Promise<DocumentStore> {
    if (kind === 'embedded') return new EmbeddedDocumentStore({ dataDir: this.dataDir(size) });
    return MongoDocumentStore.connect({
      url: this.ferret!.url,
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
