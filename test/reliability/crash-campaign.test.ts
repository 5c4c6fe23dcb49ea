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
if (!url) process.stderr.write('SKIPPED crash-campaign: no MongoDB in this run\n');

const PEOPLE = 120;
const ADMIN = 'aad-campaign-admin';
const CAMPAIGN = 'Crash test';
const conversationOf = (id: string): string => `a:conv-${id}`;

/** Polls `check` every 50 ms until it returns true, or fails after `ms`. */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 120_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

run('kill -9 of the bot process in the middle of a campaign (MongoDB/FerretDB, stub Bot Connector)', () => {
  const data = tempDataDir();
  const db = uniqueDbName('crashcampaign');
  // 400 ms per answer: at 10 sends a second, a kill always finds requests on the wire.
  const stub = new StubBotConnector({ latencyMs: 400 });
  let store: MongoDocumentStore;
  let bot: BotProcess | undefined;
  let env: Record<string, string>;
  const people = Array.from({ length: PEOPLE }, (_, i) => `aad-c${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    const serviceUrl = await stub.start();
    store = await MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
    const staff = new DocumentStaffRepository(store);
    const refs = new DocumentConversationReferenceRepository(store);
    const now = new Date();
    await staff.upsertFromDirectory(
      {
        aadObjectId: ADMIN,
        upn: 'campaign-admin@example.org',
        displayName: 'Campaign Admin',
        organisation: 'Org Z',
        orgUnit: 'IT',
        role: 'globalAdmin',
        atp: false,
      },
      now,
    );
    for (const id of people) {
      await staff.upsertFromDirectory(
        {
          aadObjectId: id,
          upn: `${id}@example.org`,
          displayName: `Person ${id}`,
          organisation: 'Org C',
          orgUnit: 'Ward 3',
          role: 'staff',
          atp: false,
        },
        now,
      );
      await refs.save(
        id,
        'tenant-1',
        {
          serviceUrl,
          channelId: 'msteams',
          conversation: { id: conversationOf(id), conversationType: 'personal', isGroup: false, name: '' },
          bot: { id: '28:bot', name: 'MFA bot' },
          user: { id: `29:${id}`, name: `Person ${id}`, aadObjectId: id },
        },
        now,
      );
    }
    // Sends all day every day (the test must not depend on the hour it runs), 10 a second so the kill lands
    // mid-way, short leases so the restarted process takes over the dead one's claims within seconds.
    env = botEnvOnMongo(url as string, db, data.dir, {
      CAMPAIGN_WORKER_INTERVAL_MS: '200',
      CAMPAIGN_LEASE_MS: '2000',
      CAMPAIGN_BATCH_SIZE: '10',
      TEAMS_SEND_RATE_PER_SECOND: '10',
      CAMPAIGN_SEND_WINDOW: '00:00-23:59',
      CAMPAIGN_SEND_DAYS: '1,2,3,4,5,6,7',
      CAMPAIGN_REMINDER_OFFSETS: '14',
    });
  });
  afterAll(async () => {
    if (bot) await kill9(bot);
    await stub.stop();
    await store.dropDatabase();
    await store.close();
    data.remove();
  });

  const outbox = (): Promise<OutboxRecord[]> =>
    store.collection<OutboxRecord>('campaignOutbox').find({ reminder: 'd14' });
  const deliveries = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const a of stub.accepted) counts.set(a.conversationId, (counts.get(a.conversationId) ?? 0) + 1);
    return counts;
  };

  it('when the process is killed while reminders go out, then after restart everyone is reminded once and nobody twice', async () => {
    bot = await startBot(env);
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const created = await post(
      bot.baseUrl,
      activity('', ADMIN, {
        value: {
          action: 'campaign.create',
          name: CAMPAIGN,
          deadlineDate: deadline,
          deadlineTime: '17:00',
          organisations: 'Org C',
        },
      }),
    );
    expect(replyTexts(created).join('\n')).toContain(CAMPAIGN);
    const started = await post(bot.baseUrl, activity(`campaign start ${CAMPAIGN}`, ADMIN));
    expect(replyTexts(started).join('\n')).toContain(`Campaign "${CAMPAIGN}" is running`);

    // kill -9 in the middle of the sixth batch of 10: the rest are claimed (waiting for the limiter) or still pending.
    await until('the first 55 reminders', () => stub.accepted.length >= 55);
    await kill9(bot);
    await new Promise((r) => setTimeout(r, 800)); // requests the stub was still answering land now
    const records = await outbox();
    expect(records).toHaveLength(PEOPLE);
    const sentAtKill = records.filter((r) => r.state === 'sent');
    // Teams accepted these but the dead process never recorded it: the window between Teams' answer and
    // the record's completion. Each such record was marked on the wire before its request went out.
    const unrecorded = records.filter(
      (r) => r.state !== 'sent' && deliveries().has(conversationOf(r.aadObjectId)),
    );
    const onWire = new Set(
      records.filter((r) => r.state === 'claimed' && r.onWireAt).map((r) => r.aadObjectId),
    );
    expect(onWire.size).toBeGreaterThan(0);
    for (const r of unrecorded) expect(onWire.has(r.aadObjectId)).toBe(true);
    expect(sentAtKill.length + unrecorded.length).toBeGreaterThanOrEqual(55);
    expect(sentAtKill.length).toBeLessThan(PEOPLE);
    // The dead process held claims (leases) on reminders it had not sent: the restart must take them over.
    const claimedAtKill = records.filter((r) => r.state === 'claimed').length;
    expect(claimedAtKill).toBeGreaterThan(0);

    bot = await startBot(env);
    await until('every reminder recorded as sent', async () =>
      (await outbox()).every((r) => r.state === 'sent'),
    );
    await new Promise((r) => setTimeout(r, 500));

    const counts = deliveries();
    // Never twice: a reminder that may already be in the chat is completed as sent, not sent again.
    const repeated = [...counts].filter(([, n]) => n > 1).map(([conversation]) => conversation);
    expect(repeated).toEqual([]);
    // Nobody is left out, except (at worst) one whose request was marked on the wire but never arrived.
    const lost = people.filter((id) => !counts.has(conversationOf(id)));
    expect(lost.filter((id) => !onWire.has(id))).toEqual([]);
    const unconfirmed = (await outbox()).filter((r) => r.reason === 'unconfirmed').map((r) => r.aadObjectId);
    expect(unconfirmed.sort()).toEqual([...onWire].sort());
    expect(stub.limitViolations).toHaveLength(0);
    process.stderr.write(
      `crash-campaign: ${sentAtKill.length} recorded sent and ${claimedAtKill} claimed at the kill, ${onWire.size} on the wire (${unrecorded.length} of them accepted by Teams), ${repeated.length} repeated, ${lost.length} lost\n`,
    );
  });
});
