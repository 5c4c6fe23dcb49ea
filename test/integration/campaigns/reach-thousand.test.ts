import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createGraphModule } from '../../../src/adapters/graph/graph-module';
import { DevOutboxEmailNotifier } from '../../../src/adapters/notify/dev-outbox-notifier';
import { DocumentSlotLedger } from '../../../src/adapters/store/slot-ledger';
import { buildTeamsReach } from '../../../src/composition/campaigns';
import { EmailFallback } from '../../../src/services/campaigns/email-fallback';
import { GraphStub } from '../../support/graph-stub';
import { guardNetwork, releaseNetwork, stubSettings } from '../../unit/graph/graph-fixture';
import {
  CampaignHarness,
  MutableClock,
  TZ,
  globalAdmin,
} from '../../unit/campaigns/support/campaign-harness';

jest.setTimeout(240_000);

const CATALOG_ID = 'c0ffee00-0000-4000-8000-000000000001';
const N = 1_000;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('a campaign over 1,000 people, 90% never chatted with the bot, 5% with no Teams licence', () => {
  beforeAll(() => guardNetwork());
  afterAll(() => releaseNetwork());

  it('when two instances drain it, then every licensed person gets exactly one Teams reminder, every unlicensed one exactly one email, and nobody anything twice', async () => {
    const h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
    const second = h.attach(h.store);
    const graph = await new GraphStub().start();
    const dir = await mkdtemp(join(tmpdir(), 'reach-1000-'));
    try {
      const chatted = new Set<string>();
      const unlicensed = new Set<string>();
      for (let i = 0; i < N; i++) {
        const id = `u${String(i).padStart(4, '0')}`;
        // Every tenth person chatted with the bot; one in twenty (of the others) has no Teams licence.
        if (i % 10 === 0) chatted.add(id);
        else if (i % 20 === 1) unlicensed.add(id);
        graph.putUser({ id, userPrincipalName: `${id}@example.nhs.uk`, displayName: id });
        await h.addPerson({ id, organisation: i % 2 ? 'Trust A' : 'Trust B', reference: chatted.has(id) });
      }
      for (const id of unlicensed) graph.teamwork.notOnTeams.add(id);
      expect(unlicensed.size).toBe(N * 0.05);

      const instance = (harness: CampaignHarness, name: string) => {
        const module = createGraphModule(stubSettings(graph), {
          store: harness.store,
          staff: harness.staff,
          audit: { record: async () => undefined } as never,
          clock: harness.clock,
          logger: quiet,
          retry: { baseDelayMs: 5 },
        });
        const { reach, limiter } = buildTeamsReach({
          graph: module,
          catalogAppId: CATALOG_ID,
          tenantId: 't1',
          botAppId: 'bot-app',
          serviceUrl: 'http://127.0.0.1:9/unused/',
          installRatePerSecond: 100,
          store: harness.store,
          slots: new DocumentSlotLedger(harness.store),
          conversations: harness.refs,
          clock: harness.clock,
        });
        const email = new EmailFallback({
          notifier: new DevOutboxEmailNotifier(dir, harness.clock),
          outbox: harness.outbox,
          timezone: TZ,
          organisationName: 'Example NHS Trust',
          link: 'https://teams.microsoft.com/l/app/x',
        });
        return { dispatcher: harness.dispatcher(name, { reach, email, batchSize: 200 }), limiter };
      };
      const a = instance(h, 'w1');
      const b = instance(second, 'w2');

      const c = await h.admin.create(globalAdmin(), {
        name: 'December deadline',
        deadline: new Date('2026-12-01T17:00:00Z'),
        audience: { organisations: [], orgUnits: [], statuses: [] },
      });
      await h.admin.run(globalAdmin(), 'start', c.name);
      h.clock.set(new Date('2026-11-17T09:30:00Z'));
      await h.planner.planDue();
      const started = Date.now();
      await Promise.all([a.dispatcher.drain(), b.dispatcher.drain()]);
      const seconds = (Date.now() - started) / 1000;
      await a.limiter.stop();
      await b.limiter.stop();

      const deliveries = h.deliveries();
      const emails = (await readFile(join(dir, 'outbox', 'email.log'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { to: string }).to);
      const problems: string[] = [];
      for (let i = 0; i < N; i++) {
        const id = `u${String(i).padStart(4, '0')}`;
        const teams =
          (deliveries.get(h.conversationOf(id)) ?? 0) + (deliveries.get(graph.teamwork.chatOf(id)) ?? 0);
        const mailed = emails.filter((to) => to === `${id}@example.nhs.uk`).length;
        const expected = unlicensed.has(id) ? [0, 1] : [1, 0];
        if (teams !== expected[0] || mailed !== expected[1])
          problems.push(`${id}: teams ${teams}, email ${mailed}`);
      }
      expect(problems).toEqual([]);
      expect(h.stub.accepted).toHaveLength(N - unlicensed.size);
      expect(emails).toHaveLength(unlicensed.size);
      expect([...graph.teamwork.installs.values()].every((n) => n === 1)).toBe(true);
      expect(graph.teamwork.installs.size).toBe(N - chatted.size - unlicensed.size);
      const installs = graph.teamwork.installs.size;
      // Figures for docs/campaigns.md (measured on the shared machine).
      console.info(
        `reach ${N}: ${seconds.toFixed(1)} s end to end, ${installs} installs (${(installs / seconds).toFixed(1)}/s), ${h.stub.accepted.length} Teams reminders, ${emails.length} emails`,
      );
    } finally {
      await h.close();
      await second.close();
      await graph.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
