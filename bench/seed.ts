import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { MongoClient, type Document } from 'mongodb';
import { EmbeddedDocumentStore } from '../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../src/adapters/store/staff-repository';
import { systemClock } from '../src/ports/clock';
import { DirectoryImporter } from '../src/services/directory-import/directory-importer';
import { SYNTHETIC_HEADER, syntheticDirectory } from '../src/services/directory-import/synthetic-directory';

const SEED = 42;

/** The aadObjectIds of the synthetic directory of `count` people (the same rows every run). */
export function directoryIds(count: number): string[] {
  return Array.from(syntheticDirectory({ count, seed: SEED }), (row) => row[2]);
}

/**
 * The aadObjectIds of the directory's plain staff (role `staff`), in directory order: the FAQ loads' people. An
 * admin's question can be an admin command ("status for my department" looks a person up), not a FAQ turn.
 */
export function directoryStaffIds(count: number): string[] {
  const role = SYNTHETIC_HEADER.indexOf('role');
  return Array.from(syntheticDirectory({ count, seed: SEED }))
    .filter((row) => row[role] === 'staff')
    .map((row) => row[2]);
}

/**
 * Imports a synthetic directory of `count` people into an embedded (file-backed) store in `dataDir`
 * through the real CSV importer, as `npm run generate:directory` + `npm run import` would.
 */
export async function seedEmbedded(dataDir: string, count: number): Promise<{ ms: number }> {
  const started = performance.now();
  const store = new EmbeddedDocumentStore({ dataDir });
  try {
    const csv = Readable.from(syntheticDirectory({ count, seed: SEED })).pipe(
      stringify({ header: true, columns: SYNTHETIC_HEADER }),
    );
    const report = await new DirectoryImporter(new DocumentStaffRepository(store), systemClock).importStream(
      csv,
    );
    if (report.rejected > 0) throw new Error(`the synthetic directory had ${report.rejected} rejected rows`);
  } finally {
    await store.close();
  }
  return { ms: performance.now() - started };
}

/**
 * Copies the staff documents the importer wrote in `dataDir` into database `db` at `url` (FerretDB) with
 * insertMany: the same documents, much faster than importing row by row over the wire.
 */
export async function copyStaffToMongo(dataDir: string, url: string, db: string): Promise<{ ms: number }> {
  const started = performance.now();
  const store = new EmbeddedDocumentStore({ dataDir });
  const client = await MongoClient.connect(url);
  try {
    // The bench's own database (bench_<size>): a copy left by an earlier run against the same server goes first.
    await client.db(db).dropDatabase();
    const target = client.db(db).collection<Document>('staff');
    let batch: Document[] = [];
    for await (const doc of store.collection<Document>('staff').stream({})) {
      batch.push({ ...doc });
      if (batch.length === 1000) {
        await target.insertMany(batch, { ordered: false });
        batch = [];
      }
    }
    if (batch.length > 0) await target.insertMany(batch, { ordered: false });
  } finally {
    await client.close();
    await store.close();
  }
  return { ms: performance.now() - started };
}

/** The UPNs of the synthetic directory of `count` people, in the same order as directoryIds. */
export function directoryUpns(count: number): string[] {
  return Array.from(syntheticDirectory({ count, seed: SEED }), (row) => row[0]);
}
