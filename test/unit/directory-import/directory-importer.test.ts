import path from 'node:path';
import { Readable } from 'node:stream';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { StoreUnavailableError } from '../../../src/errors';
import type { StaffRepository } from '../../../src/ports/staff-repository';
import { DirectoryImporter } from '../../../src/services/directory-import/directory-importer';
import { DirectoryFileError } from '../../../src/services/directory-import/directory-file-error';
import { formatReport } from '../../../src/services/directory-import/import-report';

const HEADER = 'upn,displayName,aadObjectId,organisation,orgUnit,role,atp,mobile';
const FIXTURE = path.join(__dirname, '../../fixtures/staff.csv');
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

function id(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
function row(n: number, overrides: Partial<Record<string, string>> = {}): string {
  const r = {
    upn: `person${n}@trust.nhs.example`,
    displayName: `Person ${n}`,
    aadObjectId: id(n),
    organisation: 'Northbridge Valley NHS Trust',
    orgUnit: 'Pharmacy',
    role: 'staff',
    atp: 'no',
    mobile: '',
    ...overrides,
  };
  return [r.upn, r.displayName, r.aadObjectId, r.organisation, r.orgUnit, r.role, r.atp, r.mobile].join(',');
}
const csv = (...lines: string[]) => Readable.from([lines.join('\n') + '\n']);

describe('directory import', () => {
  let store: EmbeddedDocumentStore;
  let staff: DocumentStaffRepository;
  let importer: DirectoryImporter;

  beforeEach(() => {
    store = new EmbeddedDocumentStore({ inMemory: true });
    staff = new DocumentStaffRepository(store);
    importer = new DirectoryImporter(staff, clock);
  });
  afterEach(() => store.close());

  it('when the sample directory is imported twice, then the second run changes nothing', async () => {
    const first = await importer.importFile(FIXTURE);
    expect(first.rejected).toBe(0);
    expect(first.rows).toBeGreaterThanOrEqual(200);
    expect(first.created).toBe(first.rows);

    const second = await importer.importFile(FIXTURE);
    expect(second).toMatchObject({
      rows: first.rows,
      created: 0,
      updated: 0,
      unchanged: first.rows,
      rejected: 0,
    });
    expect(await staff.count({})).toBe(first.rows);
  });

  it('when the sample directory is imported, then the Playground user is a global admin and no directory mobile is stored', async () => {
    await importer.importFile(FIXTURE);
    const alex = await staff.findByAadObjectId('00000000-0000-0000-0000-0000000000020');
    expect(alex).toMatchObject({ displayName: 'Alex Wilber', role: 'globalAdmin' });
    expect(alex).not.toHaveProperty('mobile');
  });

  it('when a directory field changes, then that person is updated and bot-owned fields are kept', async () => {
    await importer.importStream(csv(HEADER, row(1), row(2)));
    const before = await staff.findByAadObjectId(id(1));
    await staff.update(id(1), before!.version, { enrolment: { step: 'choose-device' } }, clock.now());

    const report = await importer.importStream(
      csv(HEADER, row(1, { orgUnit: 'Radiology', mobile: '07700000001' }), row(2)),
    );
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
    const after = await staff.findByAadObjectId(id(1));
    expect(after).toMatchObject({ orgUnit: 'Radiology', enrolment: { step: 'choose-device' } });
    expect(after).not.toHaveProperty('mobile');
  });

  it('when rows are bad, then each is rejected with its line number and the good rows still import', async () => {
    const report = await importer.importStream(
      csv(
        HEADER,
        row(1),
        row(2, { upn: 'no-at-sign' }),
        row(3, { role: 'boss' }),
        row(4, { upn: 'PERSON1@trust.nhs.example' }),
        row(5, { aadObjectId: id(1) }),
        'person6@trust.nhs.example,Person 6',
        row(7, { mobile: '020 7946 0018' }),
        row(8),
      ),
    );
    expect(report).toMatchObject({ rows: 8, created: 2, rejected: 6 });
    expect(report.rejections).toEqual([
      { line: 3, reason: 'upn is not a user principal name (name@domain)' },
      { line: 4, reason: 'role is not one of staff, helpdesk, localAdmin, globalAdmin' },
      { line: 5, reason: 'duplicate upn (already on line 2)' },
      { line: 6, reason: 'duplicate aadObjectId (already on line 2)' },
      { line: 7, reason: 'expected 8 columns, found 2' },
      { line: 8, reason: 'mobile is not a valid mobile number (UK, or international with +)' },
    ]);
    expect(formatReport(report).join('\n')).not.toContain('7946');
  });

  it('when a quoted field spans lines, then line numbers still point at the right rows', async () => {
    const report = await importer.importStream(
      csv(
        HEADER,
        row(1, { displayName: '"Multi\nLine"' }),
        row(2, { displayName: 'Stray"quote"s' }),
        '',
        '  ',
        row(3, { role: 'x' }),
      ),
    );
    expect(report).toMatchObject({ rows: 3, created: 1 });
    expect(report.rejections).toEqual([
      { line: 2, reason: 'displayName contains control characters' },
      { line: 7, reason: 'role is not one of staff, helpdesk, localAdmin, globalAdmin' },
    ]);
    expect((await staff.findByAadObjectId(id(2)))?.displayName).toBe('Stray"quote"s');
  });

  it('when a quote is never closed, then that row is rejected and the rows before it are imported', async () => {
    const report = await importer.importStream(
      csv(HEADER, row(10), row(11), row(12, { displayName: '"Unclosed' }), row(13)),
    );
    expect(report.created).toBe(2);
    expect(report.rejections).toEqual([
      {
        line: 4,
        reason: 'malformed CSV: a quoted value is never closed, so the rest of the file could not be read',
      },
    ]);
  });

  it('when a UPN already belongs to someone else in the store, then the row is rejected', async () => {
    await importer.importStream(csv(HEADER, row(1)));
    const report = await importer.importStream(csv(HEADER, row(2, { upn: 'person1@trust.nhs.example' })));
    expect(report.rejections).toEqual([
      { line: 2, reason: 'upn already belongs to another person in the directory' },
    ]);
  });

  it('when the file is missing, empty or has a bad header, then a DirectoryFileError explains why', async () => {
    await expect(importer.importFile('/nonexistent/staff.csv')).rejects.toThrow(/does not exist/);
    await expect(importer.importStream(csv(''))).rejects.toThrow(/empty/);
    await expect(importer.importStream(csv('name,email', 'a,b'))).rejects.toThrow(DirectoryFileError);
    await expect(importer.importFile(__dirname)).rejects.toThrow(/is not a file/);
  });

  it('when the store fails for good, then the import stops with the store error after the retries', async () => {
    let calls = 0;
    const failing = {
      upsertFromDirectory: () => {
        calls += 1;
        return Promise.reject(new StoreUnavailableError());
      },
    } as unknown as StaffRepository;
    const rows = Array.from({ length: 50 }, (_, i) => row(i + 1));
    const importer = new DirectoryImporter(failing, clock, { concurrency: 1, retryDelaysMs: [1, 1] });
    await expect(importer.importStream(csv(HEADER, ...rows))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls).toBe(3);
  });

  it('when the store is briefly unavailable, then the row is retried and imported', async () => {
    let failures = 2;
    const flaky: StaffRepository = {
      ...staff,
      upsertFromDirectory: (record, now) =>
        failures-- > 0 ? Promise.reject(new StoreUnavailableError()) : staff.upsertFromDirectory(record, now),
    } as StaffRepository;
    const report = await new DirectoryImporter(flaky, clock, { retryDelaysMs: [1, 1, 1] }).importStream(
      csv(HEADER, row(1), row(2)),
    );
    expect(report).toMatchObject({ created: 2, rejected: 0 });
  });

  it('when any other error happens, then it is not retried', async () => {
    let calls = 0;
    const broken = {
      upsertFromDirectory: () => {
        calls += 1;
        return Promise.reject(new Error('bug'));
      },
    } as unknown as StaffRepository;
    await expect(
      new DirectoryImporter(broken, clock, { concurrency: 1, retryDelaysMs: [1, 1] }).importStream(
        csv(HEADER, row(1)),
      ),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  it('when rows are processed, then progress is reported with bytes and rows', async () => {
    const seen: number[] = [];
    const rows = Array.from({ length: 25 }, (_, i) => row(i + 1));
    await importer.importStream(csv(HEADER, ...rows), {
      progressEvery: 10,
      onProgress: (p) => seen.push(p.rows),
    });
    expect(seen).toEqual([10, 20, 25]);
  });
});
