import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { actorFrom } from '../../../src/services/admin/admin-actor';
import { GraphStub } from '../../support/graph-stub';
import { CLIENT, GROUPS, guardNetwork, releaseNetwork, TENANT } from './graph-fixture';
import { graphStubEnv } from '../../support/graph-stub-env';

describe('when Microsoft Graph is down, staff are not blocked', () => {
  let app: App;
  let stub: GraphStub;

  beforeAll(async () => {
    guardNetwork();
    stub = await new GraphStub().start();
    stub.down = 503;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...graphStubEnv(stub.baseUrl, { tenantId: TENANT, clientId: CLIENT }),
      GRAPH_GROUP_MFA_POLICY: GROUPS.mfaPolicy,
      GRAPH_SYNC_INTERVAL_MINUTES: '1',
      GRAPH_MAX_ATTEMPTS: '1',
    });
    app = await createApp(config, { store: new EmbeddedDocumentStore({ inMemory: true }) });
    for (const [id, role] of [
      ['jane', 'staff'],
      ['boss', 'globalAdmin'],
    ] as const) {
      await app.services.staff.upsertFromDirectory(
        {
          aadObjectId: id,
          upn: `${id}@x`,
          displayName: `${id} Person`,
          organisation: 'A',
          orgUnit: 'U',
          role,
          atp: false,
        },
        new Date(),
      );
    }
  });

  async function say(who: string, text: string): Promise<string[]> {
    let body: { activities?: { type?: string; text?: string }[] } | undefined;
    const res = {
      status: () => undefined,
      send: (b: typeof body) => void (body = b),
      header: () => undefined,
      end: () => undefined,
    };
    const activity = {
      type: 'message',
      id: `${who}-${text}`,
      text,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      conversation: { id: `personal-${who}`, conversationType: 'personal', isGroup: false, tenantId: 't' },
      from: { id: `29:${who}`, name: who, aadObjectId: who },
      recipient: { id: '28:bot', name: 'MFA bot' },
    };
    await app.adapter.process({ method: 'POST', headers: {}, body: activity }, res as never, (turn) =>
      app.bot.run(turn),
    );
    // Text replies only (a first contact also gets the welcome card).
    return (body?.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text ?? '');
  }

  afterAll(async () => {
    await app.close();
    await stub.stop();
    releaseNetwork();
  });

  it('when Graph is configured, then the app builds the Graph module and its scheduled sync', () => {
    expect(app.services.graph?.scheduler).toBeDefined();
    expect(app.services.mfaPolicy).toBeDefined();
  });

  it('when the scheduled sync fails, then a staff member still gets an answer, and admins see the last known state', async () => {
    await app.services.graph?.scheduler?.runOnce();
    let body: { activities?: { type?: string; text?: string; attachments?: unknown[] }[] } | undefined;
    const res = {
      status: () => undefined,
      send: (b: typeof body) => void (body = b),
      header: () => undefined,
      end: () => undefined,
    };
    const activity = {
      type: 'message',
      id: 'hello-1',
      text: 'help',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      conversation: { id: 'personal-jane', conversationType: 'personal', isGroup: false, tenantId: 't' },
      from: { id: '29:jane', name: 'Jane', aadObjectId: 'jane' },
      recipient: { id: '28:bot', name: 'MFA bot' },
    };
    const started = Date.now();
    await app.adapter.process({ method: 'POST', headers: {}, body: activity }, res as never, (turn) =>
      app.bot.run(turn),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((body?.activities ?? []).filter((a) => a.type === 'message').length).toBeGreaterThan(0);
    const freshness = await app.services.graph?.status.freshness(new Date());
    expect(freshness?.text).toMatch(
      /^directory never synced \(last sync failed: Microsoft Graph answered 503/,
    );
  });

  it('when an admin types "directory" while Graph is failing, then they see the last known state and the failure (staff do not)', async () => {
    expect((await say('jane', 'directory')).join('\n')).not.toContain('Directory: Microsoft Entra ID');
    await app.services.graph?.scheduler?.runOnce();
    const texts = await say('boss', 'directory');
    expect(texts.join('\n')).toMatch(
      /^Directory: Microsoft Entra ID \(Graph\), directory never synced \(last sync failed: Microsoft Graph answered 503/,
    );
  });

  it('when an admin disables MFA while Graph is down, then the change is stored and the failed Graph write is audited', async () => {
    const admin = app.modules.admin.context.admin;
    const boss = await app.services.staff.findByAadObjectId('boss');
    const jane = await app.services.staff.findByAadObjectId('jane');
    if (!boss || !jane) throw new Error('fixture');

    const result = await admin.disable(actorFrom(boss), jane, 'theatre kiosk');

    expect(result.kind).toBe('changed');
    expect((await app.services.staff.findByAadObjectId('jane'))?.mfa.enabled).toBe(false);
    const [failed] = await app.services.audit.listByAction('graph.group.remove', 1);
    expect(failed).toMatchObject({ target: 'jane', outcome: 'failed' });
  });
});
