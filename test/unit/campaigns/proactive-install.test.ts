import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createGraphModule } from '../../../src/adapters/graph/graph-module';
import { DocumentSlotLedger } from '../../../src/adapters/store/slot-ledger';
import { buildTeamsReach } from '../../../src/composition/campaigns';
import type { Campaign } from '../../../src/domain/campaign';
import { GraphStub } from '../../support/graph-stub';
import { guardNetwork, releaseNetwork, stubSettings } from '../graph/graph-fixture';
import { CampaignHarness, MutableClock, globalAdmin } from './support/campaign-harness';

jest.setTimeout(60_000);

const CATALOG_ID = 'c0ffee00-0000-4000-8000-000000000001';
const DEADLINE = new Date('2026-12-01T17:00:00Z');
const D14 = new Date('2026-11-17T10:00:00Z');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('proactive install: people who never chatted with the bot get the reminder in Teams', () => {
  let h: CampaignHarness;
  let graph: GraphStub;

  beforeAll(() => guardNetwork());
  afterAll(() => releaseNetwork());
  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
    graph = await new GraphStub().start();
  });
  afterEach(async () => {
    await h.close();
    await graph.stop();
  });

  function reachOver(serviceUrl = h.serviceUrl) {
    const module = createGraphModule(stubSettings(graph), {
      store: h.store,
      staff: h.staff,
      audit: { record: async () => undefined } as never,
      clock: h.clock,
      logger: quiet,
      retry: { baseDelayMs: 1, maxRetryAfterMs: 1_500 },
    });
    return buildTeamsReach({
      graph: module,
      catalogAppId: CATALOG_ID,
      tenantId: 't1',
      botAppId: 'bot-app',
      serviceUrl,
      installRatePerSecond: 20,
      staleMs: 60_000,
      store: h.store,
      slots: new DocumentSlotLedger(h.store),
      conversations: h.refs,
      clock: h.clock,
    });
  }

  async function person(id: string, options: { chatted?: boolean } = {}): Promise<void> {
    graph.putUser({ id, userPrincipalName: `${id}@example.nhs.uk`, displayName: id });
    await h.addPerson({ id, organisation: 'Trust A', reference: options.chatted ?? false });
  }

  async function startCampaign(): Promise<Campaign> {
    const c = await h.admin.create(globalAdmin(), {
      name: 'December deadline',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    h.clock.set(D14);
    await h.planner.planDue();
    return c;
  }

  it('when people never chatted, then the bot installs itself for them, finds the chat and sends there once; 409, 404, 403 and 429 are handled', async () => {
    await person('chatted', { chatted: true });
    await person('new1');
    await person('new2');
    await person('had-app');
    await person('no-licence');
    graph.teamwork.preinstall('had-app', CATALOG_ID);
    graph.teamwork.notOnTeams.add('no-licence');
    graph.failNext(1, /teamwork\/installedApps$/, { status: 429, retryAfterSeconds: 1 }, 'POST');
    // The serviceUrl learnt from the stored conversation wins over the (unreachable) setting.
    const { reach, limiter } = reachOver('http://127.0.0.1:9/teams/');
    const c = await startCampaign();

    await h.dispatcher('w1', { reach }).drain();
    await limiter.stop();

    const records = new Map((await h.records(c.id)).map((r) => [r.aadObjectId, r]));
    expect(records.get('chatted')).toMatchObject({ state: 'sent', reach: 'already' });
    expect(records.get('new1')).toMatchObject({ state: 'sent', reach: 'installed' });
    expect(records.get('new2')).toMatchObject({ state: 'sent', reach: 'installed' });
    expect(records.get('had-app')).toMatchObject({ state: 'sent', reach: 'already' });
    expect(records.get('no-licence')).toMatchObject({
      state: 'unreachable',
      reason: 'not on Teams: no Teams licence or mailbox',
    });
    const deliveries = h.deliveries();
    expect(deliveries.get(h.conversationOf('chatted'))).toBe(1);
    for (const id of ['new1', 'new2', 'had-app']) expect(deliveries.get(graph.teamwork.chatOf(id))).toBe(1);
    expect([...deliveries.values()].reduce((a, b) => a + b, 0)).toBe(4);
    // Installed once each; the person who had the app and the one with no licence were never installed.
    expect([...graph.teamwork.installs.entries()].sort()).toEqual([
      ['new1', 1],
      ['new2', 1],
    ]);
    // The throttled POST was retried after its Retry-After.
    expect(graph.count('POST', /teamwork\/installedApps$/)).toBe(5);
    const built = await h.refs.get('new1');
    expect(built?.reference).toMatchObject({
      serviceUrl: h.serviceUrl,
      conversation: { id: graph.teamwork.chatOf('new1'), tenantId: 't1', conversationType: 'personal' },
      bot: { id: '28:bot-app' },
    });
  });

  it('when Graph refuses the install (403), then the person is marked not on Teams with the reason', async () => {
    await person('p1');
    graph.teamwork.forbidden = true;
    const { reach, limiter } = reachOver();
    const c = await startCampaign();
    await h.dispatcher('w1', { reach }).drain();
    await limiter.stop();
    const [record] = await h.records(c.id);
    expect(record).toMatchObject({ state: 'unreachable' });
    expect(record?.reason).toMatch(
      /^not on Teams: Graph refused the install \(permission TeamsAppInstallation/,
    );
    expect(h.stub.accepted).toHaveLength(0);
  });

  it("when Teams' conversationUpdate is captured before the install's chat is read, then that conversation is kept and the person gets one message", async () => {
    await person('p1');
    // What the bot's capture middleware stores when Teams sends the conversationUpdate after the install.
    graph.teamwork.onInstall = (userId) =>
      h.refs.save(
        userId,
        't1',
        {
          serviceUrl: h.serviceUrl,
          channelId: 'msteams',
          conversation: { id: `a:teams-${userId}`, conversationType: 'personal', isGroup: false, name: '' },
          bot: { id: '28:bot-app', name: 'bot' },
        },
        h.clock.now(),
      );
    const { reach, limiter } = reachOver();
    const c = await startCampaign();
    await h.dispatcher('w1', { reach }).drain();
    await limiter.stop();
    expect((await h.records(c.id))[0]).toMatchObject({ state: 'sent', reach: 'installed' });
    expect((await h.refs.get('p1'))?.reference.conversation?.id).toBe('a:teams-p1');
    expect(h.stub.accepted).toHaveLength(1);
    expect(h.stub.accepted[0]?.conversationId).toBe('a:teams-p1');
  });

  it('when a worker died after posting the install, then the next one finds the installation instead of installing again', async () => {
    await person('p1');
    const { reach, limiter, installs } = reachOver();
    const c = await startCampaign();
    // The dead worker: began the install and Graph installed it, but nothing more was stored.
    await installs.begin('p1', h.clock.now(), 300_000);
    graph.teamwork.preinstall('p1', CATALOG_ID);
    graph.teamwork.installs.set('p1', 1);
    await h.dispatcher('w2', { reach }).drain();
    await limiter.stop();
    expect((await h.records(c.id))[0]).toMatchObject({ state: 'sent', reach: 'installed' });
    expect(graph.count('POST', /teamwork\/installedApps$/)).toBe(0);
    expect(h.deliveries().get(graph.teamwork.chatOf('p1'))).toBe(1);
  });

  it('when Teams refuses a stored conversation (403/404), then the bot reinstalls once and resends; still refused, the person is unreachable; `campaign resend` reaches them later and nobody twice', async () => {
    await person('uninstalled', { chatted: true });
    await person('blocked', { chatted: true });
    await person('fine', { chatted: true });
    graph.teamwork.preinstall('blocked', CATALOG_ID);
    h.stub.addRule({ match: (r) => r.conversationId === h.conversationOf('uninstalled'), status: 404 });
    h.stub.addRule({ match: (r) => r.conversationId === h.conversationOf('blocked'), status: 403 });
    h.stub.addRule({
      match: (r) => r.conversationId === graph.teamwork.chatOf('blocked'),
      status: 403,
      times: 1,
    });
    const { reach, limiter } = reachOver();
    const c = await startCampaign();

    await h.dispatcher('w1', { reach }).drain();
    let records = new Map((await h.records(c.id)).map((r) => [r.aadObjectId, r]));
    expect(records.get('uninstalled')).toMatchObject({
      state: 'sent',
      reach: 'installed',
      installAttempts: 1,
    });
    expect(records.get('blocked')).toMatchObject({
      state: 'unreachable',
      reason: 'blocked or removed the bot (reinstalled once, still refused)',
      installAttempts: 1,
    });
    // Bounded: one request to the dead conversation, one to the reinstalled chat.
    const to = (conversation: string) =>
      h.stub.requests.filter((r) => r.conversationId === conversation).length;
    expect(to(h.conversationOf('blocked')) + to(graph.teamwork.chatOf('blocked'))).toBe(2);

    // The person unblocks the bot; the admin resends the current reminder to those not reached.
    const resent = await h.admin.resend(globalAdmin(), c.name);
    expect(resent).toMatchObject({ reminder: 'd14', requeued: 1 });
    await h.dispatcher('w1', { reach }).drain();
    await limiter.stop();
    records = new Map((await h.records(c.id)).map((r) => [r.aadObjectId, r]));
    expect(records.get('blocked')).toMatchObject({ state: 'sent', installAttempts: 2 });
    const deliveries = h.deliveries();
    expect(deliveries.get(h.conversationOf('fine'))).toBe(1);
    expect(deliveries.get(graph.teamwork.chatOf('uninstalled'))).toBe(1);
    expect(deliveries.get(graph.teamwork.chatOf('blocked'))).toBe(1);
    expect(h.stub.accepted).toHaveLength(3);
  });

  it('when a worker died after beginning an install but before Graph got it, then the reminder waits until that install is stale, then installs once', async () => {
    await person('p1');
    const { reach, limiter, installs } = reachOver();
    const c = await startCampaign();
    await installs.begin('p1', h.clock.now(), 60_000);
    await h.dispatcher('w2', { reach }).drain();
    expect((await h.records(c.id))[0]).toMatchObject({ state: 'pending' });
    expect(graph.count('POST', /teamwork\/installedApps$/)).toBe(0);
    h.clock.advance(61_000);
    await h.dispatcher('w2', { reach }).drain();
    await limiter.stop();
    expect((await h.records(c.id))[0]).toMatchObject({ state: 'sent', reach: 'installed' });
    expect(graph.count('POST', /teamwork\/installedApps$/)).toBe(1);
    expect(h.deliveries().get(graph.teamwork.chatOf('p1'))).toBe(1);
  });
});
