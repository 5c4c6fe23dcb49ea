import type { Feature } from '../../../src/bot/feature';
import { createApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { LogCapture } from '../../unit/bot/support/bot-harness';
import { activity, addPerson, post, replyTexts, tempDataDir } from '../../support/app-under-test';

const waitFeature = (ms: number): Feature => ({
  name: 'wait',
  commands: [
    {
      id: 'wait',
      phrases: ['wait'],
      usage: 'wait',
      description: 'A slow command',
      audience: 'staff',
      run: async (req) => {
        await new Promise((r) => setTimeout(r, ms));
        await req.turn.sendActivity('done waiting');
      },
    },
  ],
});

async function start(graceMs: number, turnMs: number) {
  const data = tempDataDir();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATA_DIR: data.dir,
    SHUTDOWN_GRACE_MS: String(graceMs),
  });
  const logs = new LogCapture();
  const app = await createApp(config, {
    logger: createLogger({ level: 'info', destination: logs.stream }),
    features: [waitFeature(turnMs)],
  });
  const { port } = await app.listen(0);
  await addPerson(app, 'aad-s');
  const baseUrl = `http://127.0.0.1:${port}`;
  await post(baseUrl, activity('hi', 'aad-s'));
  return { app, baseUrl, logs, data };
}

describe('graceful shutdown', () => {
  it('when the app closes during a turn, then the turn finishes and is answered before the store closes', async () => {
    const { app, baseUrl, data } = await start(5_000, 800);
    try {
      const inFlight = post(baseUrl, activity('wait', 'aad-s'));
      await new Promise((r) => setTimeout(r, 200));
      expect(app.server.inFlight()).toBe(1);
      const closed = app.close();
      const reply = await inFlight;
      expect(reply.status).toBe(200);
      expect(replyTexts(reply)).toEqual(['done waiting']);
      await closed;
      await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
    } finally {
      data.remove();
    }
  });

  it('when a turn outlasts the grace period, then shutdown does not wait for it and says so', async () => {
    const { app, baseUrl, logs, data } = await start(300, 3_000);
    try {
      const inFlight = post(baseUrl, activity('wait', 'aad-s')).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(logs.lines.some((l) => l.msg === 'turns still running at shutdown were cut off')).toBe(true);
      await inFlight;
    } finally {
      data.remove();
    }
  });
});
