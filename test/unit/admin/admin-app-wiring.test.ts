import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';

describe('admin wiring in the app', () => {
  let app: App;
  let base: string;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    app = await createApp(config, { store: new EmbeddedDocumentStore({ inMemory: true }) });
    const address = await app.listen(0);
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('when the app is built, then the admin commands are registered', () => {
    const ids = app.features.flatMap((f) => f.commands ?? []).map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['admin.status', 'admin.exception', 'admin.bulk', 'admin.report']),
    );
  });

  it('when the report route gets a bad link, then it answers 404 in plain words (the route is mounted)', async () => {
    const res = await fetch(`${base}/api/reports/csv?token=forged.link`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('This download link is not valid.');
  });

  it('when the app is running, then its exception sweeper holds the lease and sweeps', async () => {
    const module = app.modules.admin;
    // Whether this sweep or the one the app ran at start applied the hourly retention rules (`purged`)
    // depends on which finished first; the lease and the sweep are what is checked here.
    await expect(module.sweeper.sweepOnce()).resolves.toMatchObject({ ran: true, expired: 0 });
  });

  it("when an admin mistypes a command in the full app, then the FAQ does not take it: they get 'did you mean'", async () => {
    await app.services.staff.upsertFromDirectory(
      {
        aadObjectId: 'adm',
        upn: 'adm@x',
        displayName: 'Ad Min',
        organisation: 'A',
        orgUnit: 'U',
        role: 'globalAdmin',
        atp: false,
      },
      new Date(),
    );
    let body: { activities?: { type?: string; text?: string }[] } | undefined;
    const res = {
      status: () => undefined,
      send: (b: typeof body) => void (body = b),
      header: () => undefined,
      end: () => undefined,
    };
    const activity = {
      type: 'message',
      id: 'typo-1',
      text: 'stauts adm@x',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      conversation: { id: 'personal-adm', conversationType: 'personal', isGroup: false, tenantId: 't' },
      from: { id: '29:adm', name: 'Ad Min', aadObjectId: 'adm' },
      recipient: { id: '28:bot', name: 'MFA bot' },
    };
    await app.adapter.process({ method: 'POST', headers: {}, body: activity }, res as never, (turn) =>
      app.bot.run(turn),
    );
    const texts = (body?.activities ?? []).filter((a) => a.type === 'message').map((a) => a.text ?? '');
    expect(texts.join('\n')).toMatch(/Did you mean \*\*status\*\*/);
  });
});
