import { parentPort, workerData } from 'node:worker_threads';
import { StubBotConnector } from '../test/support/stub-bot-connector';
import type { ConnectorThreadOptions } from './connector-thread';

/** The worker side of ConnectorThread: starts the stub, injects the 429s, reports what it saw when asked. */
async function main(): Promise<void> {
  const { injectEvery } = workerData as ConnectorThreadOptions;
  // Bodies are not kept: over 10,000 requests they made the stub pause for full collections (stub-bot-connector.ts).
  const stub = new StubBotConnector({ keepBodies: false });
  let seen = 0;
  stub.addRule({ match: () => ++seen % injectEvery === 0, status: 429, retryAfterSeconds: 1 });
  const url = await stub.start();
  parentPort?.on('message', () =>
    parentPort?.postMessage({
      results: {
        requestTimes: stub.requestTimes,
        accepted: stub.accepted.map((a) => ({ conversationId: a.conversationId, at: a.at })),
        requests: stub.requests.length,
        injected429: Math.floor(seen / injectEvery),
        limitViolations: stub.limitViolations.length,
      },
    }),
  );
  parentPort?.postMessage({ url });
}

main().catch((e: unknown) => parentPort?.postMessage({ error: String(e) }));
