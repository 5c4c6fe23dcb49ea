import { MongoDocumentStore } from '../../src/adapters/mongo/mongo-document-store';
import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { BulkOperation } from '../../src/ports/bulk-operation-repository';
import { mongoTestUrl, uniqueDbName } from '../support/store-factories';
import { activity, post, replyTexts, tempDataDir } from '../support/app-under-test';
import { botEnvOnMongo, kill9, startBot, type BotProcess } from './support/bot-process';

jest.setTimeout(300_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED crash-bulk: no MongoDB in this run\n');

const PEOPLE = 200;
const ADMIN = 'aad-bulk-admin';

run('kill -9 of the bot process in the middle of a bulk change (MongoDB/FerretDB)', () => {
  const data = tempDataDir();
  const db = uniqueDbName('crashbulk');
  const env = botEnvOnMongo(url as string, db, data.dir, { BULK_RESUME_AFTER_SECONDS: '1' });
  let store: MongoDocumentStore;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    store = await MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
    const staff = new DocumentStaffRepository(store);
    const person = (aadObjectId: string, upn: string, role: 'staff' | 'globalAdmin', organisation: string) =>
      staff.upsertFromDirectory(
        { aadObjectId, upn, displayName: upn, organisation, orgUnit: 'Ward 1', role, atp: false },
        new Date(),
      );
    await person(ADMIN, 'admin@example.org', 'globalAdmin', 'Org Z');
    for (let i = 0; i < PEOPLE; i++) {
      await person(`aad-b${i}`, `b${String(i).padStart(3, '0')}@example.org`, 'staff', 'Org A');
    }
  });
  afterAll(async () => {
    if (bot) await kill9(bot);
    await store.dropDatabase();
    await store.close();
    data.remove();
  });

  const operation = async (): Promise<BulkOperation | null> =>
    store.collection<BulkOperation>('bulkOperations').findOne({});
  const press = (id: string) =>
    post(bot!.baseUrl, activity('', ADMIN, { value: { action: 'admin.bulk.confirm', id } }));

  it('when the process is killed after the first batch of 50, then Confirm after restart finishes it: everyone disabled once, one audit record each', async () => {
    bot = await startBot(env);
    const previewed = await post(bot.baseUrl, activity('bulk disable --org "Org A" reason "left"', ADMIN));
    expect(replyTexts(previewed).join('\n')).toContain(`${PEOPLE}`);
    const op = await operation();
    expect(op?.targets).toHaveLength(PEOPLE);

    // Confirm, and kill -9 as soon as the first batch is recorded (the rest still to do).
    const inFlight = press(op!.id).catch(() => undefined);
    let appliedAtKill = 0;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      appliedAtKill = (await operation())?.appliedCount ?? 0;
      if (appliedAtKill >= 50) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await kill9(bot);
    await inFlight;
    expect(appliedAtKill).toBeGreaterThanOrEqual(50);
    const cut = await operation();
    expect(cut?.state).toBe('applying');
    expect(cut?.appliedCount).toBeLessThan(PEOPLE);

    // Restarted: pressing Confirm again (after BULK_RESUME_AFTER_SECONDS) resumes from the last batch.
    bot = await startBot(env);
    await new Promise((r) => setTimeout(r, 1_200));
    const resumed = replyTexts(await press(op!.id)).join('\n');
    expect(resumed).toContain(`${PEOPLE}`);
    const done = await operation();
    expect(done?.state).toBe('done');
    expect(done?.summary?.changed).toBe(PEOPLE);

    const staff = new DocumentStaffRepository(store);
    expect(await staff.count({ organisations: ['Org A'], statuses: ['Admin Disabled'] })).toBe(PEOPLE);
    const audits = await store
      .collection<{ action: string; target?: string; outcome: string }>('auditLog')
      .find({ action: 'mfa.disable', outcome: 'success' });
    expect(audits).toHaveLength(PEOPLE);
    expect(new Set(audits.map((a) => a.target)).size).toBe(PEOPLE);
  });
});
