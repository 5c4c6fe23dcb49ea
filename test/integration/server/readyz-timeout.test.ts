import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { LogCapture } from '../../unit/bot/support/bot-harness';

describe('/readyz when the store hangs', () => {
  it('when the store does not answer a ping at all, then /readyz still answers 503 within 2 s', async () => {
    const inner = new EmbeddedDocumentStore({ inMemory: true });
    const hanging = Object.assign(Object.create(inner) as EmbeddedDocumentStore, {
      ping: () => new Promise<void>(() => undefined),
    });
    const logs = new LogCapture();
    const app = await createApp(loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1' }), {
      store: hanging,
      logger: createLogger({ level: 'info', destination: logs.stream }),
    });
    const { port } = await app.listen(0);
    try {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        status: 'unavailable',
        reason: expect.stringMatching(/did not answer within 1500 ms/),
      });
    } finally {
      await app.close();
    }
  });
});
