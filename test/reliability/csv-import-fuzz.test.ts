import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { EmbeddedDocumentStore } from '../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { StaffMember } from '../../src/domain/staff';
import { DirectoryImporter } from '../../src/services/directory-import/directory-importer';

const FIXTURE = path.resolve(__dirname, '../fixtures/staff.csv');
const HEADER = 'upn,displayName,aadObjectId,organisation,orgUnit,role,atp,mobile';

/** Values an attacker or a broken export could put in a cell. */
const cell = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '{"$gt": ""}',
    '$where',
    'a.b.c',
    '$set',
    '=HYPERLINK("http://evil")',
    '"',
    '""',
    'globalAdmin',
    'yes',
    '\u0000',
    'x'.repeat(5000),
  ),
);

const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;

async function everyone(staff: DocumentStaffRepository, ids: string[]): Promise<(StaffMember | null)[]> {
  return Promise.all(ids.map((id) => staff.findByAadObjectId(id)));
}

describe('directory CSV import under fuzzed rows', () => {
  it('when rows hold random, unicode, operator-like or malformed values, then the import never crashes, rejects them with a reason, and nobody already imported changes', async () => {
    const store = new EmbeddedDocumentStore({ inMemory: true });
    const staff = new DocumentStaffRepository(store);
    const importer = new DirectoryImporter(staff, { now: () => new Date('2026-11-23T10:00:00Z') });
    const first = await importer.importFile(FIXTURE);
    expect(first.created).toBeGreaterThan(0);
    const ids = (await store.collection<StaffMember>('staff').find({})).map((s) => s.aadObjectId);
    const before = await everyone(staff, ids);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 0, maxLength: 10 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        async (rows, quoted) => {
          const text = [HEADER, ...rows.map((r) => r.map((v) => (quoted ? quote(v) : v)).join(','))].join(
            '\n',
          );
          const report = await importer.importStream(Readable.from([text]));
          expect(report.rows).toBeGreaterThanOrEqual(0);
          // Whatever was not accepted was rejected with a reason; a random aadObjectId never hits someone else.
          expect(report.rejections.every((r) => r.reason.length > 0)).toBe(true);
          expect(report.updated).toBe(0);
        },
      ),
      { numRuns: 150, seed: 20261123 },
    );

    expect(await everyone(staff, ids)).toEqual(before);
    await store.close();
  });
});
