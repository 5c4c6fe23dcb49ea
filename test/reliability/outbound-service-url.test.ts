import type { ConversationReference } from 'botbuilder';
import {
  BotConnectorTransport,
  type ProactiveTransport,
} from '../../src/adapters/teams/bot-connector-transport';
import { createProactiveAdapter, serviceUrlAllowlist } from '../../src/adapters/teams/create-teams-messenger';
import { ProactiveSender } from '../../src/adapters/teams/proactive-sender';
import { SendRateLimiter } from '../../src/adapters/teams/send-rate-limiter';
import {
  ServiceUrlAllowlist,
  UntrustedServiceUrlError,
} from '../../src/adapters/teams/service-url-allowlist';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { LogCapture } from '../unit/bot/support/bot-harness';
import { memorySlotLedger } from '../support/memory-slot-ledger';
import { StubBotConnector } from '../support/stub-bot-connector';

jest.setTimeout(60_000);

/** The smallest valid production settings (the sender itself sends no token here: the adapter has no app id). */
const PRODUCTION = {
  NODE_ENV: 'production',
  MICROSOFT_APP_ID: 'x',
  MICROSOFT_APP_PASSWORD: 'y',
  ENCRYPTION_KEY: 'a'.repeat(64),
  ENROLMENT_MODE: 'practice',
};

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 60_000 };

function reference(serviceUrl: string): Partial<ConversationReference> {
  return {
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: '' },
    bot: { id: '28:bot', name: 'bot' },
    user: { id: '29:user', name: 'user' },
  };
}

/** The real proactive path (CloudAdapter -> Bot Connector HTTP) with the allowlist settings `env` gives. */
function senderFor(env: Record<string, string>, transport?: ProactiveTransport) {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const logs = new LogCapture();
  const limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
  const sender = new ProactiveSender(
    transport ??
      new BotConnectorTransport(
        createProactiveAdapter({ id: '', password: '', tenantId: '', type: 'MultiTenant' }),
        '',
      ),
    limiter,
    RETRY,
    undefined,
    createLogger({ level: 'debug', destination: logs.stream }),
    serviceUrlAllowlist(config),
  );
  return { sender, logs, stop: () => limiter.stop() };
}

describe('outbound trust: proactive sends only to Teams service hosts', () => {
  const stub = new StubBotConnector();
  let stubUrl: string;
  beforeAll(async () => {
    stubUrl = await stub.start();
  });
  afterAll(() => stub.stop());

  it('when a stored reference points at another host, then the send is refused before any request, and logged once', async () => {
    const calls: unknown[] = [];
    const spy: ProactiveTransport = {
      send: (...args) => {
        calls.push(args);
        return Promise.resolve();
      },
    };
    const s = senderFor({}, spy);
    expect(
      await s.sender.send(reference('https://attacker.example/teams/'), { type: 'message', text: 'hi' }),
    ).toBe('failed');
    expect(calls).toEqual([]);
    const refused = s.logs.lines.filter((l) => String(l.msg).includes('serviceUrl host not allowed'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 'warn', host: 'attacker.example' });
    await s.stop();
  });

  it('when in production a reference points at a loopback connector, then nothing reaches it; the test connector works outside production', async () => {
    const before = stub.requests.length;
    const prod = senderFor(PRODUCTION);
    expect(await prod.sender.send(reference(stubUrl), { type: 'message', text: 'hi' })).toBe('failed');
    expect(stub.requests.length).toBe(before);
    await prod.stop();

    const dev = senderFor({});
    expect(await dev.sender.send(reference(stubUrl), { type: 'message', text: 'hi' })).toBe('sent');
    expect(stub.requests.length).toBe(before + 1);
    await dev.stop();
  });

  it('when TEAMS_SERVICE_URL_HOSTS lists a host explicitly, then production sends there and nowhere else', async () => {
    const before = stub.requests.length;
    const prod = senderFor({ ...PRODUCTION, TEAMS_SERVICE_URL_HOSTS: '127.0.0.1' });
    expect(await prod.sender.send(reference(stubUrl), { type: 'message', text: 'hi' })).toBe('sent');
    expect(stub.requests.length).toBe(before + 1);
    expect(
      await prod.sender.send(reference('https://smba.trafficmanager.net/emea/'), { type: 'message' }),
    ).toBe('failed');
    await prod.stop();
  });

  it.each([
    ['https://smba.trafficmanager.net/emea/', true],
    ['https://SMBA.trafficmanager.net/amer/', true],
    ['https://smba.infra.gcc.teams.microsoft.com/', true],
    ['http://smba.trafficmanager.net/emea/', false],
    ['https://smba.trafficmanager.net.attacker.example/', false],
    ['https://user:pw@smba.trafficmanager.net/emea/', false],
    ['https://attacker.example/?smba.trafficmanager.net', false],
    ['not a url', false],
  ])('the default production allowlist on %s: allowed = %s', (url, allowed) => {
    const list = new ServiceUrlAllowlist(['smba.trafficmanager.net', 'smba.infra.gcc.teams.microsoft.com'], {
      allowLoopback: false,
    });
    if (allowed) expect(() => list.check(url)).not.toThrow();
    else expect(() => list.check(url)).toThrow(UntrustedServiceUrlError);
  });
});
