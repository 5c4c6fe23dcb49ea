import { CloudAdapter } from 'botbuilder';
import { createLogger } from '../../../src/logger';
import { loadConfig } from '../../../src/config';
import { LogCapture } from './support/bot-harness';

describe('createAdapter', () => {
  it('when there is no app id, then authentication is off and a loud warning is logged once per process', async () => {
    jest.resetModules();
    const { createAdapter } = await import('../../../src/bot/adapter');
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', destination: logs.stream });
    const config = loadConfig({});
    // a fresh module registry has its own botbuilder, so compare by name
    expect(createAdapter(config, logger).constructor.name).toBe(CloudAdapter.name);
    createAdapter(config, logger);
    await new Promise((r) => setImmediate(r));
    const warnings = logs.at('warn');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toMatch(/authentication is OFF/);
  });

  it('when an app id is configured, then no warning is logged', async () => {
    jest.resetModules();
    const { createAdapter } = await import('../../../src/bot/adapter');
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', destination: logs.stream });
    createAdapter(loadConfig({ MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 'secret' }), logger);
    await new Promise((r) => setImmediate(r));
    expect(logs.at('warn')).toHaveLength(0);
    expect(logs.text()).not.toContain('secret');
  });
});
