import { DocumentBulkOperationRepository } from '../../../src/adapters/store/bulk-operation-repository';
import { BulkService } from '../../../src/services/admin/bulk-service';
import { createAdminWorld, type AdminWorld } from './admin-fixtures';

let w: AdminWorld;
let bulk: BulkService;

beforeEach(async () => {
  w = createAdminWorld();
  bulk = new BulkService({
    staff: w.staff,
    operations: new DocumentBulkOperationRepository(w.store),
    admin: w.service,
    clock: w.clock,
  });
  await w.add({ upn: 'global@x', role: 'globalAdmin', organisation: 'ORG-Z' });
  await w.add({ upn: 'local@a', role: 'localAdmin', organisation: 'ORG-A' });
  await w.add({ upn: 'other@a', role: 'localAdmin', organisation: 'ORG-A' });
});

async function addMany(n: number, organisation: string, prefix: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    await w.add({
      upn: `${prefix}${String(i).padStart(3, '0')}@x`,
      organisation,
      orgUnit: i % 2 ? 'Wards' : 'Theatres',
    });
  }
}

describe('BulkService', () => {
  it('when 137 people are disabled in bulk, then they are applied in batches of 50/50/37 with progress and a summary', async () => {
    await addMany(137, 'ORG-A', 'a');
    await addMany(5, 'ORG-B', 'b');
    const admin = await w.actor('local@a');
    const preview = await bulk.preview(admin, 'disable', { statuses: ['Admin Enabled'] }, 'pilot ended');
    expect(preview).toMatchObject({ kind: 'preview', count: 137, outOfScope: 5 }); // admins are 'MFA Enforced Admin Role', not matched
    expect(preview.kind === 'preview' && preview.firstNames).toHaveLength(10);
    const progress: [number, number][] = [];
    const r = await bulk.confirm(admin, preview.kind === 'preview' ? preview.id : '', async (done, total) => {
      progress.push([done, total]);
    });
    expect(r).toMatchObject({
      kind: 'applied',
      batches: [50, 50, 37],
      summary: { changed: 137, unchanged: 0 },
    });
    expect(progress).toEqual([
      [50, 137],
      [100, 137],
      [137, 137],
    ]);
    expect(await w.staff.count({ organisations: ['ORG-A'], statuses: ['Admin Disabled'] })).toBe(137);
    expect(await w.staff.count({ organisations: ['ORG-B'], statuses: ['Admin Disabled'] })).toBe(0);
  });

  it('when Confirm is pressed twice at once, then the change is applied once', async () => {
    await addMany(3, 'ORG-A', 'a');
    const admin = await w.actor('local@a');
    const p = await bulk.preview(admin, 'disable', { orgUnits: ['Theatres'] }, 'x');
    const id = p.kind === 'preview' ? p.id : '';
    const none = async (): Promise<void> => {};
    const [one, two] = await Promise.all([bulk.confirm(admin, id, none), bulk.confirm(admin, id, none)]);
    expect([one.kind, two.kind].sort()).toEqual(['applied', 'expired']);
    const audits = await w.audit.listByAction('mfa.disable', 100);
    expect(audits.filter((a) => a.outcome === 'success')).toHaveLength(2);
  });

  it('when the process dies after the first batch, then Confirm a minute later resumes: everyone changed once, one tally', async () => {
    await addMany(120, 'ORG-A', 'a'); // + other@a, the organisation's other local admin: 121
    const admin = await w.actor('local@a');
    const p = await bulk.preview(admin, 'disable', { organisations: ['ORG-A'] }, 'left');
    const id = p.kind === 'preview' ? p.id : '';
    const crash = new Error('process killed');
    await expect(
      bulk.confirm(admin, id, async () => {
        throw crash; // dies right after the first batch of 50 was applied and recorded
      }),
    ).rejects.toBe(crash);
    expect(await w.staff.count({ statuses: ['Admin Disabled'] })).toBe(50);
    // Pressed again at once the operation is still someone's (it may be alive): nothing happens.
    expect(await bulk.confirm(admin, id, async () => {})).toEqual({ kind: 'expired' });
    w.clock.advance(61_000);
    const resumed = await bulk.confirm(admin, id, async () => {});
    expect(resumed).toMatchObject({
      kind: 'applied',
      batches: [50, 21],
      total: 121,
      summary: { changed: 121, unchanged: 0 },
    });
    // The 120 staff read Admin Disabled (an admin's status stays "MFA Enforced Admin Role").
    expect(await w.staff.count({ statuses: ['Admin Disabled'] })).toBe(120);
    const audits = (await w.audit.listByAction('mfa.disable', 1000)).filter((a) => a.outcome === 'success');
    expect(audits).toHaveLength(121);
    expect(new Set(audits.map((a) => a.target)).size).toBe(121);
    expect(await bulk.confirm(admin, id, async () => {})).toEqual({ kind: 'expired' });
  });

  it('when another admin presses Confirm, then it is refused and nothing changes', async () => {
    await addMany(2, 'ORG-A', 'a');
    const p = await bulk.preview(await w.actor('local@a'), 'disable', { organisations: ['ORG-A'] }, 'x');
    const r = await bulk.confirm(await w.actor('other@a'), p.kind === 'preview' ? p.id : '', async () => {});
    expect(r).toEqual({ kind: 'notYours' });
    expect(await w.staff.count({ statuses: ['Admin Disabled'] })).toBe(0);
  });

  it('when more than 10 minutes pass, then the confirmation has expired', async () => {
    await addMany(2, 'ORG-A', 'a');
    const admin = await w.actor('local@a');
    const p = await bulk.preview(admin, 'disable', { organisations: ['ORG-A'] }, 'x');
    w.clock.advance(10 * 60 * 1000 + 1);
    expect(await bulk.confirm(admin, p.kind === 'preview' ? p.id : '', async () => {})).toEqual({
      kind: 'expired',
    });
  });

  it('when a pasted list mixes own, other-organisation and unknown UPNs, then the preview counts other organisations as not found', async () => {
    await addMany(2, 'ORG-A', 'a');
    await addMany(1, 'ORG-B', 'b');
    const p = await bulk.preview(await w.actor('local@a'), 'enable', {
      upns: ['a000@x', 'A001@X', 'b000@x', 'ghost@x'],
    });
    expect(p).toMatchObject({ kind: 'preview', count: 2, outOfScope: 0, notFound: ['b000@x', 'ghost@x'] });
  });

  it('when the target moved organisation between preview and confirm, then it is refused at apply time', async () => {
    await addMany(2, 'ORG-A', 'a');
    const admin = await w.actor('local@a');
    const p = await bulk.preview(admin, 'disable', { organisations: ['ORG-A'], policies: ['standard'] }, 'x');
    const moved = await w.get('a001@x');
    await w.staff.upsertFromDirectory(
      {
        aadObjectId: moved.aadObjectId,
        upn: moved.upn,
        displayName: moved.displayName,
        organisation: 'ORG-B',
        orgUnit: 'W',
        role: 'staff',
        atp: false,
      },
      w.clock.now(),
    );
    const r = await bulk.confirm(admin, p.kind === 'preview' ? p.id : '', async () => {});
    expect(r).toMatchObject({
      kind: 'applied',
      summary: { changed: 1, refused: [{ upn: 'a001@x', why: 'scope' }] },
    });
  });

  it('when nobody matches, then the preview says so and nothing is stored', async () => {
    expect(await bulk.preview(await w.actor('local@a'), 'enable', { organisations: ['NOPE'] })).toMatchObject(
      { kind: 'empty' },
    );
  });

  it('when a day has passed, then old operations (even one left applying by a crash) are purged', async () => {
    await addMany(2, 'ORG-A', 'a');
    const ops = new DocumentBulkOperationRepository(w.store);
    const admin = await w.actor('local@a');
    const p = await bulk.preview(admin, 'disable', { organisations: ['ORG-A'] }, 'x');
    const id = p.kind === 'preview' ? p.id : '';
    expect(await ops.claim(id, admin.aadObjectId, w.clock.now(), new Date(0))).not.toBeNull();
    w.clock.advance(25 * 3600_000);
    expect(await ops.purge(new Date(w.clock.now().getTime() - 24 * 3600_000))).toBe(1);
    expect(await ops.get(id)).toBeNull();
  });
});
