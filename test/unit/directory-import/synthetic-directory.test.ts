import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { DirectoryImporter } from '../../../src/services/directory-import/directory-importer';
import {
  SYNTHETIC_HEADER,
  syntheticDirectory,
} from '../../../src/services/directory-import/synthetic-directory';

const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
const toCsv = (rows: string[][]) => Readable.from([stringify([SYNTHETIC_HEADER, ...rows])]);

describe('synthetic directory generator', () => {
  it('when run twice with the same seed, then it yields the same rows, and another seed differs', () => {
    const a = [...syntheticDirectory({ count: 300, seed: 7 })];
    expect([...syntheticDirectory({ count: 300, seed: 7 })]).toEqual(a);
    expect([...syntheticDirectory({ count: 300, seed: 8 })]).not.toEqual(a);
  });

  it('when generated, then UPNs and object ids are unique and every role is present', () => {
    const rows = [...syntheticDirectory({ count: 20000, seed: 1 })];
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r[2])).size).toBe(rows.length);
    const roles = new Set(rows.map((r) => r[5]));
    expect([...roles].sort()).toEqual(['globalAdmin', 'helpdesk', 'localAdmin', 'staff']);
    expect(rows.filter((r) => r[5] === 'globalAdmin')).toHaveLength(2);
  });

  it('when imported, then every row is valid; with --invalid, then about that share is rejected', async () => {
    const store = new EmbeddedDocumentStore({ inMemory: true });
    const importer = new DirectoryImporter(new DocumentStaffRepository(store), clock);
    const clean = await importer.importStream(toCsv([...syntheticDirectory({ count: 1500, seed: 3 })]));
    expect(clean).toMatchObject({ rows: 1500, created: 1500, rejected: 0 });

    const dirty = await importer.importStream(
      toCsv([...syntheticDirectory({ count: 1500, seed: 3, invalidShare: 0.1 })]),
    );
    expect(dirty.rejected).toBeGreaterThan(100);
    expect(dirty.rejected).toBeLessThan(200);
    expect(dirty.unchanged + dirty.rejected).toBe(1500);
    await store.close();
  });
});
