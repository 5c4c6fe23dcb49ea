import { MongoDocumentStore } from '../../src/adapters/mongo/mongo-document-store';
import { DocumentConversationReferenceRepository } from '../../src/adapters/store/conversation-reference-repository';
import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { OutboxRecord } from '../../src/ports/outbox-repository';
import { StubBotConnector } from '../support/stub-bot-connector';
import { mongoTestUrl, uniqueDbName } from '../support/store-factories';
import { activity, post, replyTexts, tempDataDir } from '../support/app-under-test';
import { botEnvOnMongo, kill9, startBot, type BotProcess } from './support/bot-process';

jest.setTimeout(300_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED crash-campaign-two-instances: no MongoDB in this run\n');

const PEOPLE = 120;
/** The tenant's rate, given to both instances; the stub refuses anything over it in any sliding second. */
const TENANT_RATE = 10;
const ADMIN = 'aad-fleet-admin';
const CAMPAIGN = 'Fleet crash test';
const conversationOf = (id: string): string => `a:conv-${id}`;

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 180_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

run('two bot processes share one Teams send budget; one is killed mid-campaign (MongoDB/FerretDB)', () => {
  const data = [tempDataDir(), tempDataDir()];
  const db = uniqueDbName('fleetcrash');
  const stub = new StubBotConnector({ latencyMs: 200, globalPerSecond: TENANT_RATE });
  let store: MongoDocumentStore;
  const bots: BotProcess[] = [];
  const people = Array.from({ length: PEOPLE }, (_, i) => `aad-f${String(i).padStart(3, '0')}`);
  const envOf = (i: number): Record<string, string> =>
    botEnvOnMongo(url as string, db, (data[i] as { dir: string }).dir, {
      CAMPAIGN_WORKER_INTERVAL_MS: '200',
      CAMPAIGN_LEASE_MS: '4000',
      CAMPAIGN_BATCH_SIZE: '10',
      TEAMS_SEND_RATE_PER_SECOND: String(TENANT_RATE),
      CAMPAIGN_SEND_WINDOW: '00:00-23:59',
      CAMPAIGN_SEND_DAYS: '1,2,3,4,5,6,7',
      CAMPAIGN_REMINDER_OFFSETS: '14',
    });

  beforeAll(async () => {
    const serviceUrl = await stub.start();
    store = await MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
    const staff = new DocumentStaffRepository(store);
    const refs = new DocumentConversationReferenceRepository(store);
    const now = new Date();
    const person = (id: string, organisation: string, role: 'staff' | 'globalAdmin') => ({
      aadObjectId: id,
      upn: `${id}@example.org`,
      displayName: `Person ${id}`,
      organisation,
      orgUnit: 'Ward 3',
      role,
      atp: false,
    });
    await staff.upsertFromDirectory(person(ADMIN, 'Org Z', 'globalAdmin'), now);
    for (const id of people) {
      await staff.upsertFromDirectory(person(id, 'Org F', 'staff'), now);
      await refs.save(
        id,
        'tenant-1',
        {
          serviceUrl,
          channelId: 'msteams',
          conversation: {
            id: conversationOf(id),
            conversationType: 'personal',
            isGroup: false,
            name: '',
            tenantId: 'tenant-1',
          },
          bot: { id: '28:bot', name: 'MFA bot' },
          user: { id: `29:${id}`, name: `Person ${id}`, aadObjectId: id },
        },
        now,
      );
    }
  });
  afterAll(async () => {
    for (const bot of bots) await kill9(bot);
    await stub.stop();
    await store.dropDatabase();
    await store.close();
    for (const d of data) d.remove();
  });

  const outbox = (): Promise<OutboxRecord[]> =>
    store.collection<OutboxRecord>('campaignOutbox').find({ reminder: 'd14' });

  it('when one of two instances is killed while reminders go out, then the other finishes: nobody twice, nobody left out but a request on the wire, and never over the tenant rate', async () => {
    bots.push(await startBot(envOf(0)), await startBot(envOf(1)));
    const [first] = bots as [BotProcess, BotProcess];
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await post(
      first.baseUrl,
      activity('', ADMIN, {
        value: {
          action: 'campaign.create',
          name: CAMPAIGN,
          deadlineDate: deadline,
          deadlineTime: '17:00',
          organisations: 'Org F',
        },
      }),
    );
    const started = await post(first.baseUrl, activity(`campaign start ${CAMPAIGN}`, ADMIN));
    expect(replyTexts(started).join('\n')).toContain(`Campaign "${CAMPAIGN}" is running`);

    await until('the first 40 reminders', () => stub.accepted.length >= 40);
    await kill9(first);
    await until('every reminder recorded as sent', async () =>
      (await outbox()).every((r) => r.state === 'sent'),
    );
    await new Promise((r) => setTimeout(r, 500));

    const counts = new Map<string, number>();
    for (const a of stub.accepted) counts.set(a.conversationId, (counts.get(a.conversationId) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1);
    expect(repeated).toEqual([]);
    const records = await outbox();
    const unconfirmed = new Set(records.filter((r) => r.reason === 'unconfirmed').map((r) => r.aadObjectId));
    const lost = people.filter((id) => !counts.has(conversationOf(id)));
    expect(lost.filter((id) => !unconfirmed.has(id))).toEqual([]);
    // Both instances were configured with the tenant's whole rate: only the shared budget keeps them under it.
    expect(stub.limitViolations).toHaveLength(0);
    // And both sent: the budget was shared, not taken by one.
    const owners = new Set(records.map((r) => r.leaseOwner ?? ''));
    expect(owners.size).toBeGreaterThanOrEqual(2);
    process.stderr.write(
      `crash-campaign-two-instances: ${stub.accepted.length} delivered, ${stub.requests.length} requests, ${unconfirmed.size} unconfirmed, ${lost.length} lost, ${stub.limitViolations.length} over the limit\n`,
    );
  });
});
