import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { DirectoryRecord, StaffMember } from '../../src/domain/staff';
import { AppError, ConcurrencyError, DuplicateKeyError } from '../../src/errors';
import { describeEachStore } from '../support/store-factories';

const NOW = new Date('2026-11-23T09:00:00Z');
const LATER = new Date('2026-11-24T09:00:00Z');

function person(n: number, extra: Partial<DirectoryRecord> = {}): DirectoryRecord {
  return {
    aadObjectId: `aad-${n}`,
    upn: `Person.${n}@Example.NHS.uk`,
    displayName: `Person ${n}`,
    organisation: n % 2 ? 'Trust A' : 'Trust B',
    orgUnit: 'Wards',
    role: 'staff',
    atp: false,
    ...extra,
  };
}

describeEachStore('StaffRepository', ({ store }) => {
  let repo: DocumentStaffRepository;
  beforeEach(() => {
    repo = new DocumentStaffRepository(store());
  });

  async function importAll(records: DirectoryRecord[]): Promise<void> {
    for (const r of records) await repo.upsertFromDirectory(r, NOW);
  }

  it('when a new person is imported, then they get the bot defaults and a lower-case UPN, and their directory mobile is not stored', async () => {
    expect(await repo.upsertFromDirectory(person(1, { mobile: '+447700900123' }), NOW)).toBe('created');
    const s = await repo.findByAadObjectId('aad-1');
    expect(s).toEqual<StaffMember>({
      aadObjectId: 'aad-1',
      upn: 'person.1@example.nhs.uk',
      displayName: 'Person 1',
      organisation: 'Trust A',
      orgUnit: 'Wards',
      role: 'staff',
      atp: false,
      mfa: { enabled: true, by: 'default' },
      compromised: false,
      methods: [],
      enrolment: { step: 'not-started' },
      mfaStatus: 'Admin Enabled',
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
    expect(await repo.findByUpn('PERSON.1@example.nhs.uk')).toEqual(s);
  });

  it('when the same record is imported again, then it is unchanged; when a directory field changes, updated', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    expect(await repo.upsertFromDirectory(person(1), LATER)).toBe('unchanged');
    expect((await repo.findByAadObjectId('aad-1'))?.version).toBe(1);
    expect(await repo.upsertFromDirectory(person(1, { role: 'globalAdmin', orgUnit: 'IT' }), LATER)).toBe(
      'updated',
    );
    const s = await repo.findByAadObjectId('aad-1');
    expect(s).toMatchObject({
      role: 'globalAdmin',
      orgUnit: 'IT',
      version: 2,
      updatedAt: LATER,
      createdAt: NOW,
    });
    expect(s?.mfaStatus).toBe('MFA Enforced Admin Role');
  });

  it('when a person is re-imported, then the fields the bot owns survive and a mobile an older version stored is removed', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    // As an older version left it: the directory mobile in plain text.
    await store()
      .collection<{ aadObjectId: string }>('staff')
      .updateMany({ aadObjectId: 'aad-1' }, { $set: { mobile: '+447700900123' } });
    await repo.update('aad-1', 1, { methods: ['PhoneAppNotification'], enrolment: { step: 'done' } }, NOW);
    expect(await repo.upsertFromDirectory(person(1, { mobile: '+447700900123' }), LATER)).toBe('updated');
    expect(await repo.findByAadObjectId('aad-1')).not.toHaveProperty('mobile');
    expect(await repo.upsertFromDirectory(person(1, { displayName: 'Person One' }), LATER)).toBe('updated');
    const s = await repo.findByAadObjectId('aad-1');
    expect(s).toMatchObject({
      displayName: 'Person One',
      methods: ['PhoneAppNotification'],
      enrolment: { step: 'done' },
    });
    expect(s).not.toHaveProperty('mobile');
  });

  it('when two people share a UPN, then the second import is refused with DuplicateKeyError on upn', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    const err = await repo
      .upsertFromDirectory(person(2, { upn: 'PERSON.1@example.nhs.uk' }), NOW)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateKeyError);
    expect((err as DuplicateKeyError).key).toBe('upn');
    expect(await repo.count({})).toBe(1);
  });

  it('when the same person is imported twice at once, then exactly one document exists', async () => {
    const outcomes = await Promise.all([
      repo.upsertFromDirectory(person(1), NOW),
      repo.upsertFromDirectory(person(1), NOW),
    ]);
    expect(outcomes.sort()).toEqual(['created', 'unchanged']);
    expect(await repo.count({})).toBe(1);
  });

  it('when two updates start from the same version, then exactly one succeeds and the other gets ConcurrencyError', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    const results = await Promise.allSettled([
      repo.update('aad-1', 1, { compromised: true }, LATER),
      repo.update('aad-1', 1, { mfa: { enabled: false, by: 'user', changedAt: LATER } }, LATER),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(ConcurrencyError);
    expect((await repo.findByAadObjectId('aad-1'))?.version).toBe(2);
  });

  it('when the caller hands over the record it read, then the status comes from it and a change made meanwhile still refuses the write', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    const read = (await repo.findByAadObjectId('aad-1'))!;
    const updated = await repo.update('aad-1', read.version, { compromised: true }, LATER, read);
    expect(updated).toMatchObject({ version: 2, compromised: true, mfaStatus: 'MFA Enforced Compromised' });
    await expect(
      repo.update('aad-1', read.version, { compromised: false }, LATER, read),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await repo.findByAadObjectId('aad-1'))?.compromised).toBe(true);
  });

  it('when updating with a stale version or an unknown id, then ConcurrencyError or NOT_FOUND', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    await repo.update('aad-1', 1, { lastReminderAt: LATER }, LATER);
    await expect(repo.update('aad-1', 1, { compromised: true }, LATER)).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    const missing = await repo.update('nobody', 1, { compromised: true }, LATER).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe('NOT_FOUND');
  });

  it('when facts change, then mfaStatus is recomputed on update and unset', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    const exception = {
      kind: '24h' as const,
      grantedAt: NOW,
      expiresAt: LATER,
      reason: 'lost phone',
      grantedBy: 'aad-9',
    };
    const excepted = await repo.update('aad-1', 1, { exception }, NOW);
    expect(excepted).toMatchObject({ mfaStatus: 'MFA 24 Hour Exception', version: 2, exception });
    const cleared = await repo.unset(
      'aad-1',
      2,
      ['exception'],
      { mfa: { enabled: false, by: 'admin' } },
      NOW,
    );
    expect(cleared.mfaStatus).toBe('Admin Disabled');
    expect(cleared).not.toHaveProperty('exception');
    expect(await repo.findByAadObjectId('aad-1')).toEqual(cleared);
  });

  it('when a change is undefined or a field is both set and unset, then the stored facts and status agree', async () => {
    await repo.upsertFromDirectory(person(1), NOW);
    const exception = {
      kind: '180d' as const,
      grantedAt: NOW,
      expiresAt: LATER,
      reason: 'no phone',
      grantedBy: 'aad-9',
    };
    await repo.update('aad-1', 1, { exception }, NOW);
    const kept = await repo.update('aad-1', 2, { exception: undefined, lastReminderAt: NOW }, NOW);
    expect(kept).toMatchObject({ exception, mfaStatus: 'MFA Long Term Exception', lastReminderAt: NOW });
    const replaced = await repo.unset(
      'aad-1',
      3,
      ['exception', 'lastReminderAt'],
      { lastReminderAt: LATER },
      NOW,
    );
    expect(replaced).not.toHaveProperty('exception');
    expect(replaced).toMatchObject({ lastReminderAt: LATER, mfaStatus: 'Admin Enabled', version: 4 });
  });

  it('when searching by part of a name or UPN in any case, then matches come back in UPN order, at most limit', async () => {
    await importAll([
      person(1, { displayName: 'Jane Smith', upn: 'jane.smith@example.nhs.uk' }),
      person(2, { displayName: 'John Smithers', upn: 'john.s@example.nhs.uk' }),
      person(3, { displayName: 'Ann Other', upn: 'ann.other@example.nhs.uk' }),
      person(4, { displayName: 'Dot.Star (test)', upn: 'dot@example.nhs.uk' }),
    ]);
    expect((await repo.search('SMITH', 10)).map((s) => s.upn)).toEqual([
      'jane.smith@example.nhs.uk',
      'john.s@example.nhs.uk',
    ]);
    expect((await repo.search('ann.o', 10)).map((s) => s.aadObjectId)).toEqual(['aad-3']);
    expect(await repo.search('smith', 1)).toHaveLength(1);
    expect((await repo.search('.star (', 10)).map((s) => s.aadObjectId)).toEqual(['aad-4']);
    expect(await repo.search('.*', 10)).toEqual([]);
    for (const nasty of ['[', '\\', '$', '^', '|', '(?i)', '/x/-{2}', 'a'.repeat(500)]) {
      expect(await repo.search(nasty, 10)).toEqual([]);
    }
    expect(await repo.search('   ', 10)).toEqual([]);
  });

  it('when organisations are looked up by typed text, then the exact name (any case) and the names starting with it come back, each once', async () => {
    await importAll([
      person(1, { organisation: 'Northbridge Valley NHS Trust' }),
      person(2, { organisation: 'Northbridge Valley NHS Trust' }),
      person(3, { organisation: 'North Trust' }),
      person(4, { organisation: 'Riverside (Eastmoor) Trust' }),
    ]);
    expect(await repo.findOrganisations('NORTH TRUST', 6)).toEqual({
      exact: 'North Trust',
      startingWith: ['North Trust'],
    });
    expect(await repo.findOrganisations('north', 6)).toEqual({
      startingWith: ['North Trust', 'Northbridge Valley NHS Trust'],
    });
    expect(await repo.findOrganisations('northb', 6)).toEqual({
      startingWith: ['Northbridge Valley NHS Trust'],
    });
    expect(await repo.findOrganisations('north', 1)).toMatchObject({ startingWith: [expect.any(String)] });
    expect(await repo.findOrganisations('riverside (', 6)).toEqual({
      startingWith: ['Riverside (Eastmoor) Trust'],
    });
    for (const nothing of ['RX1', '.*', 'trust', '   ', { $gt: '' } as unknown as string])
      expect(await repo.findOrganisations(nothing, 6)).toEqual({ startingWith: [] });
  });

  it('when an organisation has a code in the directory, then the code typed in any case finds it, and another code finds nothing', async () => {
    await importAll([
      person(1, { organisation: 'Northbridge Valley NHS Trust', organisationCode: 'RX1' }),
      person(2, { organisation: 'Riverside (Eastmoor) Trust', organisationCode: 'RX2' }),
      person(3, { organisation: 'Trust Without Code' }),
    ]);
    expect(await repo.findOrganisations('rx1', 6)).toMatchObject({ exact: 'Northbridge Valley NHS Trust' });
    expect(await repo.findOrganisations('RX2', 6)).toMatchObject({ exact: 'Riverside (Eastmoor) Trust' });
    expect(await repo.findOrganisations('RX3', 6)).toEqual({ startingWith: [] });
    // Re-imported without a code (the column dropped), the code no longer matches.
    await importAll([person(1, { organisation: 'Northbridge Valley NHS Trust' })]);
    expect(await repo.findOrganisations('rx1', 6)).toEqual({ startingWith: [] });
  });

  it('when an operator object is passed as a UPN, id or search text, then nothing is found and no driver error', async () => {
    await importAll([person(1), person(2)]);
    const injected = { $gt: '' } as unknown as string;
    expect(await repo.findByUpn(injected)).toBeNull();
    expect(await repo.findByAadObjectId(injected)).toBeNull();
    expect(await repo.search(injected, 10)).toEqual([]);
    expect(await repo.findByUpn('{"$gt": ""}')).toBeNull();
    expect(await repo.search('{"$gt": ""}', 10)).toEqual([]);
    await expect(repo.list({ organisations: [injected] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('when listing and counting with filters, then only matching people come back, in UPN order', async () => {
    await importAll([
      person(1),
      person(2),
      person(3, { role: 'helpdesk', orgUnit: 'IT' }),
      person(4, { atp: true }),
    ]);
    await repo.update('aad-2', 1, { methods: ['SMS'] }, NOW);
    await repo.update(
      'aad-1',
      1,
      {
        exception: { kind: '180d', grantedAt: NOW, expiresAt: LATER, reason: 'no phone', grantedBy: 'aad-9' },
      },
      NOW,
    );
    const upns = (list: StaffMember[]) => list.map((s) => s.aadObjectId);
    expect(upns(await repo.list({ organisations: ['Trust A'] }))).toEqual(['aad-1', 'aad-3']);
    expect(upns(await repo.list({ orgUnits: ['IT'] }))).toEqual(['aad-3']);
    expect(upns(await repo.list({ roles: ['helpdesk'] }))).toEqual(['aad-3']);
    expect(
      upns(await repo.list({ statuses: ['MFA Enforced ATP Group', 'MFA Long Term Exception'] })),
    ).toEqual(['aad-1', 'aad-4']);
    expect(upns(await repo.list({ enrolled: true }))).toEqual(['aad-2']);
    expect(upns(await repo.list({ enrolled: false }))).toEqual(['aad-1', 'aad-3', 'aad-4']);
    expect(upns(await repo.list({ exceptionExpiresBy: LATER }))).toEqual(['aad-1']);
    expect(upns(await repo.list({ exceptionExpiresBy: NOW }))).toEqual([]);
    expect(upns(await repo.list({}, { skip: 1, limit: 2 }))).toEqual(['aad-2', 'aad-3']);
    expect(await repo.count({ organisations: ['Trust B'], enrolled: false })).toBe(1);
  });

  it('when streaming, then everyone matching comes in UPN order', async () => {
    const records = Array.from({ length: 60 }, (_, i) =>
      person(i, { upn: `u${String(59 - i).padStart(3, '0')}@x.uk` }),
    );
    await importAll(records);
    const seen: string[] = [];
    for await (const s of repo.stream({})) seen.push(s.upn);
    expect(seen).toHaveLength(60);
    expect(seen).toEqual([...seen].sort());
    let trustA = 0;
    for await (const s of repo.stream({ organisations: ['Trust A'] }))
      trustA += s.organisation === 'Trust A' ? 1 : 0;
    expect(trustA).toBe(30);
  }, 30_000);
});
