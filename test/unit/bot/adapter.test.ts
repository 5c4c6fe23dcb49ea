import { CloudAdapter, type TurnContext } from 'botbuilder';
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

  /** One turn through the adapter with authentication off; returns the connector client the turn was given. */
  async function turnClients(adapter: CloudAdapter, serviceUrl: string): Promise<unknown[]> {
    const seen: unknown[] = [];
    const res = {
      status: () => undefined,
      send: () => undefined,
      header: () => undefined,
      end: () => undefined,
    };
    const activity = {
      type: 'message',
      id: `a-${Math.random()}`,
      text: 'hello',
      channelId: 'msteams',
      serviceUrl,
      deliveryMode: 'expectReplies',
      conversation: { id: 'personal-x', conversationType: 'personal', tenantId: 't' },
      from: { id: '29:x', name: 'X', aadObjectId: 'x' },
      recipient: { id: '28:bot', name: 'MFA bot' },
    };
    await adapter.process(
      { method: 'POST', headers: {}, body: activity },
      res as never,
      async (turn: TurnContext) => {
        seen.push(
          turn.turnState.get(adapter.ConnectorClientKey),
          turn.turnState.get(adapter.UserTokenClientKey),
        );
        await Promise.resolve();
      },
    );
    return seen;
  }

  it('when turns come from the same service URL, then they share one connector client instead of building one per turn', async () => {
    const { createAdapter } = await import('../../../src/bot/adapter');
    const logger = createLogger({ level: 'silent' });
    const adapter = createAdapter(loadConfig({}), logger);
    const [connector1, tokens1] = await turnClients(adapter, 'https://smba.trafficmanager.net/uk/');
    const [connector2, tokens2] = await turnClients(adapter, 'https://smba.trafficmanager.net/uk/');
    const [connector3] = await turnClients(adapter, 'https://smba.trafficmanager.net/emea/');
    expect(connector1).toBeDefined();
    expect(connector2).toBe(connector1);
    expect(tokens2).toBe(tokens1);
    // Another region's service URL gets a client of its own (its base URL differs).
    expect(connector3).not.toBe(connector1);
  });
});
