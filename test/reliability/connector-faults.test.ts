import type { ConversationReference } from 'botbuilder';
import { BotConnectorTransport } from '../../src/adapters/teams/bot-connector-transport';
import { createProactiveAdapter } from '../../src/adapters/teams/create-teams-messenger';
import { ProactiveSender } from '../../src/adapters/teams/proactive-sender';
import { SendRateLimiter } from '../../src/adapters/teams/send-rate-limiter';
import { StubBotConnector } from '../support/stub-bot-connector';
import { memorySlotLedger } from '../support/memory-slot-ledger';

jest.setTimeout(30_000);

const card = {
  type: 'message',
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
  ],
};

/** The real proactive path (CloudAdapter -> Bot Connector HTTP) against the local stub connector. */
async function sender(options: { latencyMs?: number; timeoutMs?: number } = {}): Promise<{
  stub: StubBotConnector;
  send(conversationId: string): Promise<string>;
  stop(): Promise<void>;
}> {
  const stub = new StubBotConnector({ latencyMs: options.latencyMs });
  const serviceUrl = await stub.start();
  const limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
  const transport = new BotConnectorTransport(
    createProactiveAdapter({ id: '', password: '', tenantId: '', type: 'MultiTenant' }),
    '',
    options.timeoutMs,
  );
  const proactive = new ProactiveSender(transport, limiter, {
    maxAttempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 50,
    maxRetryAfterMs: 60_000,
  });
  return {
    stub,
    send: (conversationId) => {
      const reference: Partial<ConversationReference> = {
        serviceUrl,
        channelId: 'msteams',
        conversation: {
          id: conversationId,
          conversationType: 'personal',
          tenantId: 't1',
          isGroup: false,
          name: '',
        },
        bot: { id: '28:bot', name: 'bot' },
        user: { id: '29:user', name: 'user' },
      };
      return proactive.send(reference, card);
    },
    stop: async () => {
      await limiter.stop();
      await stub.stop();
    },
  };
}

describe('Bot Connector faults on proactive sends', () => {
  it('when the connector answers 503 then 502 then accepts, then the card arrives exactly once', async () => {
    const s = await sender();
    s.stub.addRule({ match: (r) => r.conversationId === 'c1', status: 503, times: 1 });
    s.stub.addRule({ match: (r) => r.conversationId === 'c1', status: 502, times: 1 });
    expect(await s.send('c1')).toBe('sent');
    expect(s.stub.acceptedFor('c1')).toHaveLength(1);
    expect(s.stub.requests.filter((r) => r.conversationId === 'c1')).toHaveLength(3);
    await s.stop();
  });

  it('when the connector keeps failing, then the send gives up after the bounded attempts and nothing is delivered', async () => {
    const s = await sender();
    s.stub.addRule({ match: () => true, status: 503 });
    expect(await s.send('c2')).toBe('failed');
    expect(s.stub.requests).toHaveLength(3);
    expect(s.stub.accepted).toHaveLength(0);
    await s.stop();
  });

  it('when the connector does not answer in time, then the send fails after the timeout without a retry, so no duplicate card can arrive', async () => {
    const s = await sender({ latencyMs: 2_000, timeoutMs: 300 });
    const started = Date.now();
    expect(await s.send('c3')).toBe('failed');
    expect(Date.now() - started).toBeLessThan(1_500);
    await new Promise((r) => setTimeout(r, 2_200)); // the slow answer lands meanwhile
    expect(s.stub.requests).toHaveLength(1);
    expect(s.stub.accepted.length).toBeLessThanOrEqual(1);
    await s.stop();
  });
});
