import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotConnectorTransport } from '../../../src/adapters/teams/bot-connector-transport';
import { ProactiveSender, type SendRetryPolicy } from '../../../src/adapters/teams/proactive-sender';
import { SendRateLimiter } from '../../../src/adapters/teams/send-rate-limiter';
import { SenderThread, SenderThreadError } from '../../../src/adapters/teams/sender-thread';
import { memorySlotLedger } from '../../support/memory-slot-ledger';
import { personalConversationReference as reference } from '../../support/personal-conversation-reference';
import { StubBotConnector } from '../../support/stub-bot-connector';

const RETRY: SendRetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 60_000 };

/** Holds the event loop (a garbage collection, a store scan, a card being rendered). */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

/**
 * The sender thread makes rate-limited sends' HTTP calls at their send times on an event loop of its own
 * (src/adapters/teams/sender-thread.ts), so that a busy bot thread does not make them late.
 */
describe('sender thread', () => {
  let stub: StubBotConnector;
  let url: string;
  let thread: SenderThread;

  beforeEach(async () => {
    stub = new StubBotConnector();
    url = await stub.start();
    thread = new SenderThread();
    // Started under ts-node here: a generous limit on a busy machine.
    await expect(thread.whenReady()).resolves.toBe(true);
  }, 120_000);
  afterEach(async () => {
    await thread.stop();
    await stub.stop();
  });

  const request = (at: number, toleranceMs = 60_000) => ({
    at,
    toleranceMs,
    url: new URL('v3/conversations/c1/activities', url).href,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'hi', conversation: { id: 'c1' } }),
    timeoutMs: 30_000,
  });

  it('when a request is handed over before its send time, then its connection is opened at once and the request still arrives at its send time', async () => {
    // A connection to Teams (TCP, then TLS) takes time: made at the send time, it would make the request late.
    const connector = new Worker(
      `const http = require('node:http'); const { parentPort } = require('node:worker_threads');
       const connections = []; const arrivals = [];
       const server = http.createServer((req, res) => { arrivals.push(Date.now()); req.resume();
         req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"id":"a1"}'); }); });
       server.on('connection', () => connections.push(Date.now()));
       server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
       parentPort.on('message', () => parentPort.postMessage({ connections, arrivals }));`,
      { eval: true },
    );
    try {
      const { port } = await new Promise<{ port: number }>((resolve) => connector.once('message', resolve));
      const at = Date.now() + 400;
      await expect(
        thread.send({ ...request(at), url: `http://127.0.0.1:${port}/v3/conversations/c1/activities` }),
      ).resolves.toMatchObject({ kind: 'response', status: 200 });
      const seen = new Promise<{ connections: number[]; arrivals: number[] }>((resolve) =>
        connector.once('message', resolve),
      );
      connector.postMessage('times');
      const { connections, arrivals } = await seen;
      expect(connections).toHaveLength(1);
      expect(connections[0]).toBeLessThan(at - 100);
      expect(arrivals).toHaveLength(1);
      expect(arrivals[0]).toBeGreaterThanOrEqual(at);
    } finally {
      await connector.terminate();
    }
  });

  it('when a request is handed over before its send time, then it reaches the connector at that time, not before, even if the bot thread is busy then', async () => {
    // A connector on a thread of its own, so that its arrival times are not held up by the stall below.
    const clockServer = new Worker(
      `const http = require('node:http'); const { parentPort } = require('node:worker_threads');
       const arrivals = [];
       const server = http.createServer((req, res) => { arrivals.push(Date.now()); req.resume();
         req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"id":"a1"}'); }); });
       server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
       parentPort.on('message', () => parentPort.postMessage({ arrivals }));`,
      { eval: true },
    );
    try {
      const { port } = await new Promise<{ port: number }>((resolve) => clockServer.once('message', resolve));
      const at = Date.now() + 60;
      const reply = thread.send({
        ...request(at),
        url: `http://127.0.0.1:${port}/v3/conversations/c1/activities`,
      });
      stall(250); // the bot's thread is busy across the send time, until at + 190
      await expect(reply).resolves.toMatchObject({ kind: 'response', status: 200, body: '{"id":"a1"}' });
      const arrivals = new Promise<{ arrivals: number[] }>((resolve) => clockServer.once('message', resolve));
      clockServer.postMessage('arrivals');
      const [arrived] = (await arrivals).arrivals;
      expect(arrived).toBeGreaterThanOrEqual(at);
      expect(arrived).toBeLessThan(at + 120); // long before the stall ended
    } finally {
      await clockServer.terminate();
    }
  });

  it('when a request reaches the thread after its send time and tolerance, then it is not sent', async () => {
    await expect(thread.send(request(Date.now() - 100, 5))).resolves.toMatchObject({ kind: 'late' });
    expect(stub.requests).toHaveLength(0);
  });

  it('when the connector cannot be reached, then the reply says so (the request may not have left)', async () => {
    await stub.stop();
    await expect(thread.send(request(Date.now()))).resolves.toMatchObject({ kind: 'error' });
  });

  it('when the thread has stopped, then a request handed over is rejected and it no longer says it is ready', async () => {
    await thread.stop();
    await expect(thread.send(request(Date.now()))).rejects.toBeInstanceOf(SenderThreadError);
    expect(thread.ready).toBe(false);
  });

  it('when a process hands the thread a request and does nothing else, then the request is sent before the process exits by itself (an idle thread never keeps it alive)', async () => {
    // The thread is never stopped here: the process must still exit, after the send is answered.
    const module = JSON.stringify(resolve(__dirname, '../../../src/adapters/teams/sender-thread.ts'));
    const script = `
      const { SenderThread } = require(${module});
      const thread = new SenderThread();
      thread.whenReady()
        .then(() => thread.send({ ...${JSON.stringify(request(0))}, at: Date.now() + 300 }))
        .then((reply) => console.log('sent ' + reply.status));`;
    const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', '-e', script], {
      cwd: resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A process the thread kept alive would never exit: it is killed after a generous limit, and fails below.
    const killer = setTimeout(() => child.kill(), 90_000);
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    clearTimeout(killer);
    expect(output.trim()).toBe('sent 201');
    expect(code).toBe(0);
    expect(stub.requests).toHaveLength(1);
  }, 120_000);

  describe('behind the rate limiter', () => {
    const broadcastWithStall = async (withThread: boolean) => {
      // Margins wide enough for a busy machine: a request may leave up to 40 ms after its send time, and is
      // handed to the thread up to 200 ms before it.
      const limiter = new SendRateLimiter({
        ratePerSecond: 50,
        ledger: memorySlotLedger(),
        lateToleranceMs: 40,
        handoffLeadMs: 200,
        ...(withThread ? { thread } : {}),
      });
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
      // The fifth send's turn holds the event loop for 60 ms (its send time is at least 80 ms after the first).
      let turns = 0;
      adapter.use(async (context, next) => {
        context.onSendActivities(async (_ctx, _activities, send) => {
          if (++turns === 5) stall(60);
          return send();
        });
        await next();
      });
      const sender = new ProactiveSender(new BotConnectorTransport(adapter, ''), limiter, RETRY);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          sender.send(reference(url, `${withThread ? 't' : 'm'}${i}`), { type: 'message', text: 'hi' }),
        ),
      );
      const figures = { sent: outcomes.filter((o) => o === 'sent').length, missed: limiter.missedSlots };
      if (!withThread) await limiter.stop();
      return figures;
    };

    it('when the bot thread stalls during a broadcast, then with the sender thread every request still leaves at its send time (without it, send times are lost)', async () => {
      const fromBotThread = await broadcastWithStall(false);
      expect(fromBotThread.sent).toBe(10);
      expect(fromBotThread.missed).toBeGreaterThanOrEqual(1);
      expect(await broadcastWithStall(true)).toEqual({ sent: 10, missed: 0 });
      expect(stub.accepted).toHaveLength(20);
    });

    it('when the connector answers 429 through the thread, then the send is retried after its Retry-After, as from the bot thread', async () => {
      stub.addRule({ match: (r) => r.attempt === 1, status: 429, retryAfterSeconds: 0, times: 1 });
      const limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger(), thread });
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
      const sender = new ProactiveSender(new BotConnectorTransport(adapter, ''), limiter, RETRY);
      expect(await sender.send(reference(url, 'c2'), { type: 'message', text: 'hi' })).toBe('sent');
      expect(stub.requests).toHaveLength(2);
      expect(stub.accepted).toHaveLength(1);
    });

    it('when the connector says the conversation is gone (404) through the thread, then the person is unreachable', async () => {
      stub.addRule({ match: () => true, status: 404 });
      const limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger(), thread });
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
      const sender = new ProactiveSender(new BotConnectorTransport(adapter, ''), limiter, RETRY);
      expect(await sender.send(reference(url, 'c3'), { type: 'message', text: 'hi' })).toBe('unreachable');
      expect(stub.requests).toHaveLength(1);
    });
  });
});
