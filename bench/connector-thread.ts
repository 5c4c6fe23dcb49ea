import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What the stub connector in its own thread saw, read once the run is over. */
export interface ConnectorThreadResults {
  /** Arrival time (ms since the epoch) of every request, in arrival order. */
  requestTimes: number[];
  /** Every accepted activity's conversation and arrival time. */
  accepted: { conversationId: string; at: number }[];
  requests: number;
  injected429: number;
  /** Requests refused because they broke the 50/s or a per-conversation limit. */
  limitViolations: number;
}

export interface ConnectorThreadOptions {
  /** Every Nth request gets 429 with Retry-After: 1, on top of the stub's own limits. */
  injectEvery: number;
}

type FromThread = { url: string } | { results: ConnectorThreadResults } | { error: string };

/**
 * The stub Bot Connector (test/support/stub-bot-connector.ts) on a thread of its own, as Teams is on servers
 * of its own: the arrival times it judges the 50/s limit by are taken on an event loop that the bot's work
 * never holds up. (Run in the bot's thread, a request the bot sent on time but whose arrival the stub handled
 * a few milliseconds late, behind the bot's own work, could look like one too many in a second.)
 */
export class ConnectorThread {
  private worker?: Worker;
  private readonly waiting: ((m: FromThread) => void)[] = [];

  async start(options: ConnectorThreadOptions): Promise<string> {
    // The bench runs under ts-node; the worker inherits its -r ts-node/register (execArgv).
    this.worker = new Worker(`require(${JSON.stringify(join(__dirname, 'connector-thread-main.ts'))});`, {
      eval: true,
      workerData: options,
    });
    this.worker.on('message', (m: FromThread) => this.waiting.shift()?.(m));
    const m = await this.next();
    if ('url' in m) return m.url;
    throw new Error(`the stub connector thread did not start: ${'error' in m ? m.error : 'no url'}`);
  }

  async results(): Promise<ConnectorThreadResults> {
    const reply = this.next();
    this.worker?.postMessage('results');
    const m = await reply;
    if ('results' in m) return m.results;
    throw new Error(`the stub connector thread gave no results: ${'error' in m ? m.error : ''}`);
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
  }

  private next(): Promise<FromThread> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
