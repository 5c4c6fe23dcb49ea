import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDocumentStore } from '../src/adapters/embedded/embedded-document-store';
import { createGraphModule } from '../src/adapters/graph/graph-module';
import { DevOutboxEmailNotifier } from '../src/adapters/notify/dev-outbox-notifier';
import { DocumentSlotLedger } from '../src/adapters/store/slot-ledger';
import { buildTeamsReach } from '../src/composition/campaigns';
import { loadConfig, type GraphSettings } from '../src/config';
import { EmailFallback } from '../src/services/campaigns/email-fallback';
import { GraphStub } from '../test/support/graph-stub';
import {
  CampaignHarness,
  MutableClock,
  TZ,
  globalAdmin,
} from '../test/unit/campaigns/support/campaign-harness';
import { TEAMS_LIMIT_PER_SECOND } from './broadcast';

/** Every 50th request to the Bot Connector stub gets 429 with Retry-After: 1 (2 %), as in the plain broadcast. */
const INJECT_EVERY = 50;
/** The first few installs answer 429 with Retry-After: 1, so the figure includes Graph throttling being honoured. */
const GRAPH_429S = 3;
const CATALOG_ID = 'c0ffee00-0000-4000-8000-000000000001';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ReachOptions {
  users: number;
  /** TEAMS_INSTALL_RATE_PER_SECOND (the setting's default is 10). */
  installRatePerSecond: number;
}

export interface ReachResult {
  users: number;
  installRatePerSecond: number;
  /** People with a stored conversation before the campaign (10 %). */
  chatted: number;
  /** People the Graph stub answers 404 for (no Teams licence): they get an email. */
  unlicensed: number;
  installs: number;
  /** First install request .. last install (201). */
  installSeconds: number;
  delivered: number;
  /** First request to the Bot Connector stub .. last delivery. */
  sendSeconds: number;
  emails: number;
  /** From the first drain until the worker found nothing left: everyone reached, in Teams or by email. */
  endToEndSeconds: number;
  injected429: number;
  graph429: number;
  limitViolations: number;
  duplicates: number;
  /** Licensed people with no Teams reminder plus unlicensed people with no email. */
  lost: number;
  installedTwice: number;
}

/** Graph settings as loadConfig builds them from GRAPH_* variables pointing at the stub. */
function stubGraphSettings(stub: GraphStub): GraphSettings {
  const group = (n: number): string => `aaaaaaaa-0000-0000-0000-00000000000${n}`;
  const config = loadConfig({
    GRAPH_TENANT_ID: '11111111-2222-3333-4444-555555555555',
    GRAPH_CLIENT_ID: '66666666-7777-8888-9999-000000000000',
    GRAPH_CLIENT_SECRET: 'stub-secret',
    GRAPH_BASE_URL: stub.baseUrl,
    GRAPH_AUTHORITY_HOST: stub.baseUrl,
    GRAPH_GROUP_GLOBAL_ADMINS: group(1),
    GRAPH_GROUP_HELPDESK: group(2),
    GRAPH_GROUP_LOCAL_ADMINS: `North=${group(3)},South=${group(4)}`,
    GRAPH_GROUP_ATP: group(5),
    GRAPH_GROUP_MFA_POLICY: group(6),
    GRAPH_GROUP_MFA_EXCEPTION: group(7),
    GRAPH_SYNC_INTERVAL_MINUTES: '0',
    GRAPH_MAX_ATTEMPTS: '4',
  });
  if (!config.graph) throw new Error('graph settings missing');
  return config.graph;
}

/**
 * A campaign's d14 reminder to `users` people of whom 90 % never chatted with the bot and 5 % have no Teams
 * licence, through the real planner, dispatcher, outbox, proactive install (TeamsReach, Graph client, install
 * budget), Teams messenger and email fallback (development outbox), to a Graph stub and a stub Bot Connector
 * on 127.0.0.1, one instance, in this process on the embedded store. The same 2 % injected 429s as the plain
 * broadcast (bench/broadcast.ts), whose rate is the baseline.
 */
export async function reachBroadcast(o: ReachOptions): Promise<ReachResult> {
  const store = new EmbeddedDocumentStore({ inMemory: true });
  const h = await new CampaignHarness(
    store,
    new MutableClock(new Date('2026-11-10T10:00:00Z')),
    undefined,
    TEAMS_LIMIT_PER_SECOND,
  ).start();
  const graph = await new GraphStub().start();
  const dir = await mkdtemp(join(tmpdir(), 'bench-reach-'));
  let seen = 0;
  h.stub.addRule({ match: () => ++seen % INJECT_EVERY === 0, status: 429, retryAfterSeconds: 1 });
  const installedAt: number[] = [];
  graph.teamwork.onInstall = () => void installedAt.push(performance.now());
  let limiter: { stop(): Promise<void> } | undefined;
  try {
    const chatted = new Set<string>();
    const unlicensed = new Set<string>();
    const ids: string[] = [];
    for (let i = 0; i < o.users; i++) {
      const id = `u${String(i).padStart(5, '0')}`;
      ids.push(id);
      // Every tenth person chatted with the bot; one in twenty (of the others) has no Teams licence.
      if (i % 10 === 0) chatted.add(id);
      else if (i % 20 === 1) unlicensed.add(id);
      graph.putUser({ id, userPrincipalName: `${id}@example.nhs.uk`, displayName: id });
      await h.addPerson({ id, organisation: i % 2 ? 'Trust A' : 'Trust B', reference: chatted.has(id) });
    }
    for (const id of unlicensed) graph.teamwork.notOnTeams.add(id);
    graph.throttle(GRAPH_429S, 1, /teamwork\/installedApps$/);

    const module = createGraphModule(stubGraphSettings(graph), {
      store,
      staff: h.staff,
      audit: { record: async () => undefined } as never,
      clock: h.clock,
      logger: quiet,
    });
    const built = buildTeamsReach({
      graph: module,
      catalogAppId: CATALOG_ID,
      tenantId: 't1',
      botAppId: 'bot-app',
      serviceUrl: 'http://127.0.0.1:9/unused/',
      installRatePerSecond: o.installRatePerSecond,
      store,
      slots: new DocumentSlotLedger(store),
      conversations: h.refs,
      clock: h.clock,
    });
    limiter = built.limiter;
    const email = new EmailFallback({
      notifier: new DevOutboxEmailNotifier(dir, h.clock),
      outbox: h.outbox,
      timezone: TZ,
      organisationName: 'Example NHS Trust',
      link: 'https://teams.microsoft.com/l/app/x',
    });
    const dispatcher = h.dispatcher('bench-reach', { reach: built.reach, email, batchSize: 200 });

    await h.admin.create(globalAdmin(), {
      name: 'Bench reach',
      deadline: new Date('2026-12-01T17:00:00Z'),
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', 'Bench reach');
    h.clock.set(new Date('2026-11-17T09:30:00Z'));
    await h.planner.planDue();
    const started = performance.now();
    await dispatcher.drain();
    const endToEndSeconds = (performance.now() - started) / 1000;

    const emails = (await readFile(join(dir, 'outbox', 'email.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { to: string }).to);
    const mailed = new Map<string, number>();
    for (const to of emails) mailed.set(to, (mailed.get(to) ?? 0) + 1);
    const deliveries = h.deliveries();
    let duplicates = 0;
    let lost = 0;
    for (const id of ids) {
      const teams =
        (deliveries.get(h.conversationOf(id)) ?? 0) + (deliveries.get(graph.teamwork.chatOf(id)) ?? 0);
      const mail = mailed.get(`${id}@example.nhs.uk`) ?? 0;
      duplicates += Math.max(0, teams - 1) + Math.max(0, mail - 1) + (teams > 0 && mail > 0 ? 1 : 0);
      if (unlicensed.has(id) ? mail === 0 : teams === 0) lost++;
    }
    const installs = graph.teamwork.installs.size;
    const installPosts = graph.requests.filter(
      (r) => r.method === 'POST' && /teamwork\/installedApps$/.test(r.path),
    ).length;
    const firstRequest = h.stub.requestTimes[0] ?? 0;
    const lastDelivery = h.stub.accepted.at(-1)?.at ?? firstRequest;
    return {
      users: o.users,
      installRatePerSecond: o.installRatePerSecond,
      chatted: chatted.size,
      unlicensed: unlicensed.size,
      installs,
      // From the drain's start (installs begin at once) to the last 201.
      installSeconds: Math.max(0.001, ((installedAt.at(-1) ?? started) - started) / 1000),
      delivered: h.stub.accepted.length,
      sendSeconds: Math.max(0.001, (lastDelivery - firstRequest) / 1000),
      emails: emails.length,
      endToEndSeconds,
      injected429: Math.floor(seen / INJECT_EVERY),
      graph429: Math.min(GRAPH_429S, installPosts),
      limitViolations: h.stub.limitViolations.length,
      duplicates,
      lost,
      installedTwice: [...graph.teamwork.installs.values()].filter((n) => n > 1).length,
    };
  } finally {
    await limiter?.stop();
    await h.close();
    await graph.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
