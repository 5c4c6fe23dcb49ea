import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoDocumentStore } from '../../src/adapters/mongo/mongo-document-store';
import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { OutboxRecord } from '../../src/ports/outbox-repository';
import { GraphStub } from '../support/graph-stub';
import { StubBotConnector } from '../support/stub-bot-connector';
import { mongoTestUrl, uniqueDbName } from '../support/store-factories';
import { activity, post, replyTexts, tempDataDir } from '../support/app-under-test';
import { botEnvOnMongo, kill9, startBot, type BotProcess } from './support/bot-process';
import { graphStubEnv } from '../support/graph-stub-env';

jest.setTimeout(300_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED crash-campaign-install: no MongoDB in this run\n');

const PEOPLE = 60;
const ADMIN = 'aad-reach-admin';
const CAMPAIGN = 'Install crash test';
const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '66666666-7777-8888-9999-000000000000';
const CATALOG_ID = 'c0ffee00-0000-4000-8000-000000000001';

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 150_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

run(
  'kill -9 of the bot process during the proactive install phase (MongoDB/FerretDB, Graph stub, stub Bot Connector)',
  () => {
    const data = tempDataDir();
    const db = uniqueDbName('crashinstall');
    const connector = new StubBotConnector();
    const graph = new GraphStub();
    let store: MongoDocumentStore;
    let bot: BotProcess | undefined;
    let env: Record<string, string>;
    const people = Array.from({ length: PEOPLE }, (_, i) => `aad-i${String(i).padStart(3, '0')}`);
    // One in twelve has no Teams licence (Graph answers 404 to the install).
    const unlicensed = new Set(people.filter((_, i) => i % 12 === 5));

    beforeAll(async () => {
      const serviceUrl = await connector.start();
      await graph.start();
      store = await MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
      const staff = new DocumentStaffRepository(store);
      const now = new Date();
      const person = (aadObjectId: string, organisation: string, role: 'staff' | 'globalAdmin') =>
        staff.upsertFromDirectory(
          {
            aadObjectId,
            upn: `${aadObjectId}@example.org`,
            displayName: `Person ${aadObjectId}`,
            organisation,
            orgUnit: 'Ward 3',
            role,
            atp: false,
          },
          now,
        );
      await person(ADMIN, 'Org Z', 'globalAdmin');
      for (const id of people) {
        await person(id, 'Org C', 'staff');
        graph.putUser({ id, userPrincipalName: `${id}@example.org`, displayName: id });
      }
      for (const id of unlicensed) graph.teamwork.notOnTeams.add(id);
      // Nobody has chatted with the bot. 4 installs a second, so the kill lands in the install phase; short
      // leases so the restarted process takes over the dead one's reminders within seconds.
      env = botEnvOnMongo(url as string, db, data.dir, {
        ...graphStubEnv(graph.baseUrl, { tenantId: TENANT, clientId: CLIENT }),
        TEAMS_APP_CATALOG_ID: CATALOG_ID,
        TEAMS_SERVICE_URL: serviceUrl,
        TEAMS_INSTALL_RATE_PER_SECOND: '4',
        NOTIFY_EMAIL_TEMPLATE_ID: 'email-template',
        CAMPAIGN_WORKER_INTERVAL_MS: '200',
        CAMPAIGN_LEASE_MS: '2000',
        CAMPAIGN_BATCH_SIZE: '10',
        CAMPAIGN_SEND_WINDOW: '00:00-23:59',
        CAMPAIGN_SEND_DAYS: '1,2,3,4,5,6,7',
        CAMPAIGN_REMINDER_OFFSETS: '14',
      });
    });
    afterAll(async () => {
      if (bot) await kill9(bot);
      await connector.stop();
      await graph.stop();
      await store.dropDatabase();
      await store.close();
      data.remove();
    });

    const records = (): Promise<OutboxRecord[]> =>
      store.collection<OutboxRecord>('campaignOutbox').find({ reminder: 'd14' });
    const posts = (id: string): number =>
      graph.requests.filter((r) => r.method === 'POST' && r.path === `/users/${id}/teamwork/installedApps`)
        .length;

    it('when the process is killed while installing, then after restart nobody is installed twice, every licensed person gets one reminder and every unlicensed one one email', async () => {
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
      expect(replyTexts(started).join('\n')).toContain('is running');

      await until('20 installs', () => graph.teamwork.installs.size >= 20);
      await kill9(bot);
      const installedAtKill = graph.teamwork.installs.size;
      expect(installedAtKill).toBeLessThan(PEOPLE - unlicensed.size);

      bot = await startBot(env);
      await until('every reminder and email finished', async () => {
        const all = await records();
        return (
          all.length >= PEOPLE + unlicensed.size &&
          all.every((r) => r.state !== 'pending' && r.state !== 'claimed')
        );
      });
      await new Promise((r) => setTimeout(r, 500));

      const all = await records();
      const unconfirmed = new Set(all.filter((r) => r.reason === 'unconfirmed').map((r) => r.aadObjectId));
      const problems: string[] = [];
      const emails = (await readFile(join(data.dir, 'outbox', 'email.log'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { to: string }).to);
      for (const id of people) {
        const reminders = connector.acceptedFor(graph.teamwork.chatOf(id)).length;
        const mailed = emails.filter((to) => to === `${id}@example.org`).length;
        if (posts(id) !== 1) problems.push(`${id}: ${posts(id)} install requests`);
        if (unlicensed.has(id)) {
          if (reminders !== 0 || mailed !== 1)
            problems.push(`${id} (no licence): ${reminders} cards, ${mailed} emails`);
        } else {
          if (graph.teamwork.installs.get(id) !== 1)
            problems.push(`${id}: installed ${graph.teamwork.installs.get(id) ?? 0} times`);
          // At most once: a reminder marked on the wire when the process died is never sent again.
          const ok = reminders === 1 || (reminders === 0 && unconfirmed.has(id));
          if (!ok || mailed !== 0) problems.push(`${id}: ${reminders} cards, ${mailed} emails`);
        }
      }
      expect(problems).toEqual([]);
      process.stderr.write(
        `crash-campaign-install: ${installedAtKill} installed at the kill, ${graph.teamwork.installs.size} after restart, ${connector.accepted.length} reminders, ${emails.length} emails, ${unconfirmed.size} unconfirmed\n`,
      );
    });
  },
);
