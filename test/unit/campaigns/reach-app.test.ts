import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { GraphStub } from '../../support/graph-stub';
import { StubBotConnector } from '../../support/stub-bot-connector';
import { CLIENT, guardNetwork, releaseNetwork, TENANT } from '../graph/graph-fixture';
import { MutableClock, globalAdmin } from './support/campaign-harness';
import { graphStubEnv } from '../../support/graph-stub-env';

jest.setTimeout(60_000);

const CATALOG_ID = 'c0ffee00-0000-4000-8000-000000000001';

describe('reach, wired by createApp: install through Graph, Teams conversationUpdate, email, "stop emails"', () => {
  let app: App;
  let graph: GraphStub;
  let connector: StubBotConnector;
  let serviceUrl: string;
  let dir: string;
  const clock = new MutableClock(new Date('2026-11-10T10:00:00Z'));

  async function turn(who: string, activity: Record<string, unknown>): Promise<{ text?: string }[]> {
    let body: { activities?: { type?: string; text?: string }[] } | undefined;
    const res = {
      status: () => undefined,
      send: (b: typeof body) => void (body = b),
      header: () => undefined,
      end: () => undefined,
    };
    await app.adapter.process(
      {
        method: 'POST',
        headers: {},
        body: {
          channelId: 'msteams',
          serviceUrl,
          deliveryMode: 'expectReplies',
          from: { id: `29:${who}`, name: who, aadObjectId: who },
          recipient: { id: '28:bot', name: 'MFA bot' },
          channelData: { tenant: { id: TENANT } },
          ...activity,
        },
      },
      res as never,
      (t) => app.bot.run(t),
    );
    return (body?.activities ?? []).filter((a) => a.type === 'message');
  }

  beforeAll(async () => {
    guardNetwork();
    graph = await new GraphStub().start();
    connector = new StubBotConnector();
    serviceUrl = await connector.start();
    dir = await mkdtemp(join(tmpdir(), 'reach-app-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      ...graphStubEnv(graph.baseUrl, { tenantId: TENANT, clientId: CLIENT }),
      GRAPH_MAX_ATTEMPTS: '2',
      TEAMS_APP_CATALOG_ID: CATALOG_ID,
      TEAMS_SERVICE_URL: 'http://127.0.0.1:9/not-used/',
      NOTIFY_EMAIL_TEMPLATE_ID: 'email-template',
      CAMPAIGN_WORKER_INTERVAL_MS: '3600000',
    });
    app = await createApp(config, { store: new EmbeddedDocumentStore({ inMemory: true }), clock });
    for (const id of ['chatted', 'fresh', 'nolicence']) {
      graph.putUser({ id, userPrincipalName: `${id}@example.nhs.uk`, displayName: `${id} Person` });
      await app.services.staff.upsertFromDirectory(
        {
          aadObjectId: id,
          upn: `${id}@example.nhs.uk`,
          displayName: `${id} Person`,
          organisation: 'Trust A',
          orgUnit: 'Main',
          role: 'staff',
          atp: false,
        },
        clock.now(),
      );
    }
    graph.teamwork.notOnTeams.add('nolicence');
    // Teams tells the bot about an install with a conversationUpdate in the new chat.
    graph.teamwork.onInstall = async (userId, chatId) => {
      await turn(userId, {
        type: 'conversationUpdate',
        conversation: { id: chatId, conversationType: 'personal', isGroup: false, tenantId: TENANT },
        membersAdded: [{ id: '28:bot' }],
      });
    };
  });

  afterAll(async () => {
    await app.close();
    await graph.stop();
    await connector.stop();
    await rm(dir, { recursive: true, force: true });
    releaseNetwork();
  });

  it('when a campaign reminds three people, then the one who chatted and the one the bot installed for get one card each, the one not on Teams gets one email, and "stop emails" is recorded and audited', async () => {
    await turn('chatted', {
      type: 'message',
      text: 'hello',
      conversation: { id: 'a:chatted', conversationType: 'personal', isGroup: false, tenantId: TENANT },
    });
    const campaigns = app.modules.campaigns;
    expect(campaigns.reach).toBeDefined();
    const c = await campaigns.admin.create(globalAdmin(), {
      name: 'December deadline',
      deadline: new Date('2026-12-01T17:00:00Z'),
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await campaigns.admin.run(globalAdmin(), 'start', c.name);
    clock.set(new Date('2026-11-17T10:00:00Z'));
    await campaigns.worker.tick();

    const reminders = (conversation: string) =>
      connector
        .acceptedFor(conversation)
        .filter((a) => JSON.stringify(a.activity).includes('set up multi-factor'));
    expect(reminders('a:chatted')).toHaveLength(1);
    expect(reminders(graph.teamwork.chatOf('fresh'))).toHaveLength(1);
    expect(connector.accepted).toHaveLength(2);
    expect(graph.teamwork.installs.get('fresh')).toBe(1);
    // One conversation per person: the one Teams' conversationUpdate or the install stored, in the same chat.
    expect((await app.services.conversations.get('fresh'))?.reference.conversation?.id).toBe(
      graph.teamwork.chatOf('fresh'),
    );
    const emails = (await readFile(join(dir, 'outbox', 'email.log'), 'utf8')).trim().split('\n');
    expect(emails.map((l) => (JSON.parse(l) as { to: string }).to)).toEqual(['nolicence@example.nhs.uk']);

    const replies = await turn('chatted', {
      type: 'message',
      text: 'stop emails',
      conversation: { id: 'a:chatted', conversationType: 'personal', isGroup: false, tenantId: TENANT },
    });
    expect(replies.map((r) => r.text).join(' ')).toContain("I won't email you reminders any more");
    expect((await app.services.staff.findByAadObjectId('chatted'))?.emailOptOutAt).toBeInstanceOf(Date);
    expect(await app.services.audit.listByAction('campaign.email-opt-out', 10)).toHaveLength(1);
  });
});
