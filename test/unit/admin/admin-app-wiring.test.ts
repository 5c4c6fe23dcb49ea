import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createApp, type App } from '../../../src/app';
import { adminModuleFor } from '../../../src/bot/features/admin/admin-module';
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
    const module = adminModuleFor(app.services);
    await expect(module.sweeper.sweepOnce()).resolves.toEqual({ ran: true, expired: 0 });
  });
});
