import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { Registry } from 'prom-client';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentConversationReferenceRepository } from '../../../src/adapters/store/conversation-reference-repository';
import {
  BotConnectorTransport,
  type ProactiveTransport,
} from '../../../src/adapters/teams/bot-connector-transport';
import { ProactiveSender, type SendRetryPolicy } from '../../../src/adapters/teams/proactive-sender';
import { createSendMetrics } from '../../../src/adapters/teams/send-metrics';
import { SendRateLimiter } from '../../../src/adapters/teams/send-rate-limiter';
import { TeamsMessenger } from '../../../src/adapters/teams/teams-messenger';
import { StoreUnavailableError } from '../../../src/errors';
import { personalConversationReference as reference } from '../../support/personal-conversation-reference';
import { StubBotConnector, TEAMS_CONVERSATION_LIMITS } from '../../support/stub-bot-connector';
import { memorySlotLedger } from '../../support/memory-slot-ledger';

jest.setTimeout(30_000);

const FAST_RETRY: SendRetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 60_000,
};

describe('proactive sender against a stub Bot Connector', () => {
  let stub: StubBotConnector;
  let url: string;
  let registry: Registry;
  let limiter: SendRateLimiter;

  const sender = (retry: SendRetryPolicy = FAST_RETRY, ratePerSecond = 50): ProactiveSender => {
    limiter = new SendRateLimiter({ ratePerSecond, ledger: memorySlotLedger() });
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    return new ProactiveSender(
      new BotConnectorTransport(adapter, ''),
      limiter,
      retry,
      createSendMetrics(registry),
    );
  };
  const count = async (name: string): Promise<number> =>
    (await registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;

  beforeEach(async () => {
    stub = new StubBotConnector();
    url = await stub.start();
    registry = new Registry();
  });
  afterEach(async () => {
    await limiter.stop();
    await stub.stop();
  });

  it('when hooks are given, then each attempt is marked on the wire before its request and a 429 clears the mark', async () => {
    stub.addRule({ match: (r) => r.attempt === 1, status: 429, retryAfterSeconds: 0, times: 1 });
    const events: string[] = [];
    const hooks = {
      onWire: async () => void events.push(`wire (stub has seen ${stub.requests.length})`),
      onRefused: async () => void events.push('refused'),
    };
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' }, hooks)).toBe('sent');
    expect(events).toEqual(['wire (stub has seen 0)', 'refused', 'wire (stub has seen 1)']);
    expect(stub.accepted).toHaveLength(1);
  });

  it('when the on-the-wire hook fails (lease lost), then no request is made and the send rejects with its error', async () => {
    const lost = new Error('lease lost');
    const hooks = { onWire: () => Promise.reject(lost), onRefused: () => Promise.resolve() };
    await expect(sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' }, hooks)).rejects.toBe(
      lost,
    );
    expect(stub.requests).toHaveLength(0);
  });

  it('when the send budget cannot reach its database, then no request is made and the send rejects with the store error (not counted as failed)', async () => {
    const down = {
      claim: () => Promise.reject(new StoreUnavailableError(new Error('database down'))),
      latest: () => Promise.resolve([]),
      sweep: () => Promise.resolve(0),
    };
    limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: down });
    const proactive = new ProactiveSender(
      new BotConnectorTransport(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), ''),
      limiter,
      FAST_RETRY,
      createSendMetrics(registry),
    );
    await expect(
      proactive.send(reference(url, 'a:conv-down'), { type: 'message', text: 'hi' }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(stub.requests).toHaveLength(0);
    expect(await count('teams_proactive_failed_total')).toBe(0);
  });

  it('when auth is off, then the message is posted to the serviceUrl without a token', async () => {
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hello' })).toBe('sent');
    expect(stub.accepted).toHaveLength(1);
    expect(stub.accepted[0]?.activity.text).toBe('hello');
    expect(stub.requests[0]?.authorization).toBeUndefined();
    expect(await count('teams_proactive_sent_total')).toBe(1);
  });

  it('when the connector answers 503 twice, then the third attempt delivers and two retries are counted', async () => {
    stub.addRule({ match: (r) => r.conversationId === 'c1', status: 503, times: 2 });
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('sent');
    expect(stub.requests).toHaveLength(3);
    expect(stub.accepted).toHaveLength(1);
    expect(await count('teams_proactive_retried_total')).toBe(2);
  });

  it.each([412, 502, 504])('when the connector answers %i once, then the send is retried', async (status) => {
    stub.addRule({ match: () => true, status, times: 1 });
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('sent');
    expect(stub.requests).toHaveLength(2);
  });

  it('when the connector answers 429 with Retry-After: 1, then the retry waits at least a second', async () => {
    stub.addRule({ match: () => true, status: 429, retryAfterSeconds: 1, times: 1 });
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('sent');
    expect(stub.requests).toHaveLength(2);
    expect(stub.accepted).toHaveLength(1);
    const firstRequestAt = stub.requestTimes[0] ?? 0;
    expect((stub.accepted[0]?.at ?? 0) - firstRequestAt).toBeGreaterThanOrEqual(1_000);
    expect(await count('teams_proactive_retried_total')).toBe(1);
  });

  it('when 503 never stops, then it gives up after exactly maxAttempts requests (no hidden SDK retries)', async () => {
    stub.addRule({ match: () => true, status: 503 });
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('failed');
    expect(stub.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expect(await count('teams_proactive_failed_total')).toBe(1);
    expect(await count('teams_proactive_retried_total')).toBe(FAST_RETRY.maxAttempts - 1);
  });

  it.each([403, 404])(
    'when the connector answers %i, then the person is unreachable and nothing is retried',
    async (status) => {
      stub.addRule({ match: () => true, status });
      expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('unreachable');
      expect(stub.requests).toHaveLength(1);
    },
  );

  it('when the adapter has a turn error handler that swallows errors, then a failed send is still reported', async () => {
    limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    adapter.onTurnError = async () => undefined;
    const s = new ProactiveSender(new BotConnectorTransport(adapter, ''), limiter, FAST_RETRY);
    stub.addRule({ match: () => true, status: 503 });
    expect(await s.send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('failed');
    expect(stub.requests).toHaveLength(FAST_RETRY.maxAttempts);
  });

  it('when the bot stalls between the limiter letting a request go and its HTTP call, then the late request is not sent: it leaves once, at another send time', async () => {
    limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    // The first send's turn holds the event loop for 30 ms after the limiter's check, inside sendActivity.
    let stalls = 1;
    adapter.use(async (context, next) => {
      context.onSendActivities(async (_ctx, _activities, send) => {
        if (stalls-- > 0) {
          const until = Date.now() + 30;
          while (Date.now() < until);
        }
        return send();
      });
      await next();
    });
    const s = new ProactiveSender(new BotConnectorTransport(adapter, ''), limiter, FAST_RETRY);
    expect(await s.send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('sent');
    expect(stub.requests).toHaveLength(1);
    expect(stub.accepted).toHaveLength(1);
    expect(limiter.refusedAtDeparture).toBeGreaterThanOrEqual(1);
  });

  it('when the connector answers 400, then the send fails without a retry', async () => {
    stub.addRule({ match: () => true, status: 400 });
    expect(await sender().send(reference(url, 'c1'), { type: 'message', text: 'hi' })).toBe('failed');
    expect(stub.requests).toHaveLength(1);
  });

  it('when eight messages go to one conversation at once, then no Teams per-conversation window is exceeded', async () => {
    const s = sender();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => s.send(reference(url, 'c1'), { type: 'message', text: `m${i}` })),
    );
    expect(results.every((r) => r === 'sent')).toBe(true);
    expect(stub.limitViolations).toHaveLength(0);
    const times = stub.accepted.map((a) => a.at);
    for (const { limit, windowMs } of TEAMS_CONVERSATION_LIMITS) {
      for (const t of times)
        expect(times.filter((u) => u >= t && u < t + windowMs).length).toBeLessThanOrEqual(limit);
    }
  });

  it('when 120 people are messaged at 50 per second, then no second ever holds more than 50 requests and all arrive once', async () => {
    limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const inner = new BotConnectorTransport(adapter, '');
    const released: number[] = [];
    const recording: ProactiveTransport = {
      send: (ref, activity, gate) =>
        inner.send(ref, activity, (request) =>
          (gate ?? ((r) => r()))(() => {
            released.push(Date.now());
            return request();
          }),
        ),
    };
    const s = new ProactiveSender(recording, limiter, FAST_RETRY);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => s.send(reference(url, `p${i}`), { type: 'message', text: 'hi' })),
    );
    expect(results.filter((r) => r === 'sent')).toHaveLength(120);
    for (const t of released)
      expect(released.filter((u) => u >= t && u < t + 1_000).length).toBeLessThanOrEqual(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    // The stub counts arrivals in this same (busy) process, so a stall can bunch them: any it refused were retried.
    for (let i = 0; i < 120; i++) expect(stub.acceptedFor(`p${i}`)).toHaveLength(1);
  });
});

describe('Teams messenger over stored conversation references', () => {
  let stub: StubBotConnector;
  let url: string;
  let limiter: SendRateLimiter;
  const now = new Date('2026-11-18T10:00:00Z');

  beforeEach(async () => {
    stub = new StubBotConnector();
    url = await stub.start();
    limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
  });
  afterEach(async () => {
    await limiter.stop();
    await stub.stop();
  });

  const build = async (): Promise<{
    messenger: TeamsMessenger;
    refs: DocumentConversationReferenceRepository;
  }> => {
    const refs = new DocumentConversationReferenceRepository(new EmbeddedDocumentStore({ inMemory: true }));
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const sender = new ProactiveSender(new BotConnectorTransport(adapter, ''), limiter, FAST_RETRY);
    return { messenger: new TeamsMessenger(refs, sender, { now: () => now }), refs };
  };

  it('when a person never chatted with the bot, then the outcome is no-reference and nothing is sent', async () => {
    const { messenger } = await build();
    expect(await messenger.sendToUser('aad-1', 'hello')).toBe('no-reference');
    expect(stub.requests).toHaveLength(0);
  });

  it('when Teams answers 403, then the person is marked unreachable and later sends are not attempted', async () => {
    const { messenger, refs } = await build();
    await refs.save('aad-1', 't1', reference(url, 'c1'), now);
    stub.addRule({ match: () => true, status: 403 });
    expect(await messenger.sendToUser('aad-1', 'hello')).toBe('unreachable');
    expect((await refs.get('aad-1'))?.unreachableSince).toEqual(now);
    expect(await messenger.sendToUser('aad-1', 'hello again')).toBe('unreachable');
    expect(stub.requests).toHaveLength(1);
  });

  it('when a card attachment is sent, then it arrives as an attachment of a message activity', async () => {
    const { messenger, refs } = await build();
    await refs.save('aad-1', 't1', reference(url, 'c1'), now);
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard' },
    };
    expect(await messenger.sendToUser('aad-1', card)).toBe('sent');
    expect(stub.accepted[0]?.activity.attachments).toEqual([card]);
  });
});
