import { MongoDocumentStore } from '../../../src/adapters/mongo/mongo-document-store';
import { DocumentBulkOperationRepository } from '../../../src/adapters/store/bulk-operation-repository';
import { DocumentLeaseRepository } from '../../../src/adapters/store/lease-repository';
import { ConcurrencyError } from '../../../src/errors';
import { BulkService } from '../../../src/services/admin/bulk-service';
import { ReportService } from '../../../src/services/reports/report-service';
import { ExceptionSweeper } from '../../../src/services/sweeper/exception-sweeper';
import { mongoTestUrl, uniqueDbName } from '../../support/store-factories';
import { createAdminWorld, FakeClock, FakeMessenger, type AdminWorld } from '../../unit/admin/admin-fixtures';

jest.setTimeout(180_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED admin FerretDB tests: no MongoDB in this run\n');

const HOUR = 3600_000;
const quiet = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

/** Two bot instances: two connections to one database, one clock, one set of Teams messages. */
run('admin commands against FerretDB: two bot instances', () => {
  let stores: MongoDocumentStore[] = [];
  let a: AdminWorld;
  let b: AdminWorld;
  let clock: FakeClock;

  beforeEach(async () => {
    const db = uniqueDbName('admin');
    const open = (): Promise<MongoDocumentStore> =>
      MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
    stores = [await open(), await open()];
    clock = new FakeClock();
    const messenger = new FakeMessenger();
    a = createAdminWorld(stores[0], clock, messenger);
    b = createAdminWorld(stores[1], clock, messenger);
    await a.add({ upn: 'global@x', role: 'globalAdmin', organisation: 'ORG-Z' });
    await a.add({ upn: 'local@a', role: 'localAdmin', organisation: 'ORG-A' });
    await a.add({ upn: 'jane@a', displayName: 'Jane Smith' });
  });

  afterEach(async () => {
    await stores[0]?.dropDatabase();
    for (const s of stores) await s.close();
  });

  it('when two admins on two instances change one person at once, then one wins and the other is told to retry', async () => {
    for (let round = 0; round < 5; round++) {
      const jane = await a.get('jane@a');
      const results = await Promise.allSettled([
        a.service.disable(await a.actor('local@a'), jane, `round ${round}`),
        b.service.grantException(await b.actor('global@x'), jane, '24h', `round ${round}`),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(ConcurrencyError);
      expect((await a.get('jane@a')).version).toBe(jane.version + 1);
      await a.service.revokeException(await a.actor('global@x'), await a.get('jane@a'));
      await a.service.enable(await a.actor('global@x'), await a.get('jane@a'));
    }
  });

  it('when both instances sweep after an expiry, then the lease lets one work and the status is restored once', async () => {
    const admin = await a.actor('global@x');
    await a.service.disable(admin, await a.get('jane@a'), 'leave');
    await a.service.grantException(admin, await a.get('jane@a'), '24h', 'lost phone');
    clock.advance(25 * HOUR);
    const sweeper = (w: AdminWorld, id: string): ExceptionSweeper =>
      new ExceptionSweeper({
        ...w,
        leases: new DocumentLeaseRepository(w.store),
        timezone: 'Europe/London',
        logger: quiet,
        instanceId: id,
      });
    const results = await Promise.all([sweeper(a, 'a').sweepOnce(), sweeper(b, 'b').sweepOnce()]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect((await b.get('jane@a')).mfaStatus).toBe('Admin Disabled');
    expect(await a.audit.listByAction('exception.expire', 10)).toHaveLength(1);
  });

  it('when 137 people are bulk disabled and Confirm arrives on both instances, then 50/50/37 are applied once', async () => {
    // With Jane, 137 people of ORG-A on the standard policy.
    for (let i = 0; i < 136; i++) await a.add({ upn: `p${String(i).padStart(3, '0')}@a` });
    const bulk = (w: AdminWorld): BulkService =>
      new BulkService({
        staff: w.staff,
        operations: new DocumentBulkOperationRepository(w.store),
        admin: w.service,
        clock,
      });
    const admin = await a.actor('local@a');
    const preview = await bulk(a).preview(
      admin,
      'disable',
      { organisations: ['ORG-A'], policies: ['standard'] },
      'pilot',
    );
    expect(preview).toMatchObject({ kind: 'preview', count: 137 });
    const id = preview.kind === 'preview' ? preview.id : '';
    const progress: number[] = [];
    const [one, two] = await Promise.all([
      bulk(a).confirm(admin, id, async (done) => void progress.push(done)),
      bulk(b).confirm(admin, id, async (done) => void progress.push(done)),
    ]);
    const applied = [one, two].filter((r) => r.kind === 'applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ batches: [50, 50, 37], summary: { changed: 137 } });
    expect(progress).toEqual([50, 100, 137]);
    expect(await a.staff.count({ statuses: ['Admin Disabled'] })).toBe(137);
  });

  it('when the report streams from the database, then the summary and the CSV agree with the data', async () => {
    for (let i = 0; i < 120; i++)
      await a.add({ upn: `r${String(i).padStart(3, '0')}@b`, organisation: 'ORG-B' });
    const reports = new ReportService({ staff: b.staff, audit: b.audit, clock });
    const summary = await reports.summary(await b.actor('global@x'), { organisation: 'ORG-B' });
    expect(summary).toMatchObject({
      total: 120,
      rows: [{ organisation: 'ORG-B', counts: { 'Admin Enabled': 120 } }],
    });
    const csv = await reports.csv(await b.actor('global@x'), {});
    let text = '';
    for await (const chunk of csv as AsyncIterable<Buffer>) text += String(chunk);
    expect(text.trim().split('\n')).toHaveLength(1 + 120 + 3);
  });
});
