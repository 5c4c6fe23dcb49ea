import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { FromSenderThread, ToSenderThread } from './sender-thread-messages';

export type SenderThreadRequest = Omit<ToSenderThread, 'id'>;
export type SenderThreadReply = Exclude<FromSenderThread, { kind: 'ready' }>;

/** The sender thread stopped (or never started): the request may not have been sent. */
export class SenderThreadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SenderThreadError';
  }
}

/**
 * A worker thread that makes the HTTP calls of rate-limited sends at their send times
 * (sender-thread-main.ts). The limiter hands a request over a little before its send time; the thread, whose
 * event loop does nothing else, holds it until that time and sends it. The bot's own thread may meanwhile be
 * busy (garbage collection, a store scan, rendering the next card) without making the request late, which,
 * on a tenant budget shared to the slot, would cost the slot.
 *
 * Started on first use; until it is ready (and if it ever stops) requests are sent from the bot's thread, as
 * they would be without it.
 */
export class SenderThread {
  private worker?: Worker;
  private state: 'idle' | 'starting' | 'ready' | 'stopped' = 'idle';
  private nextId = 1;
  private readonly readyWaiters: ((ready: boolean) => void)[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: SenderThreadReply) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly logger?: Logger) {}

  /** True when requests can be handed over; the first call starts the thread. */
  get ready(): boolean {
    if (this.state === 'idle') this.start();
    return this.state === 'ready';
  }

  /** Starts the thread if need be; true once it is ready, false if it stopped first. */
  whenReady(): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    if (this.state === 'stopped') return Promise.resolve(false);
    return new Promise((resolve) => {
      this.readyWaiters.push(resolve);
      this.holdProcess();
    });
  }

  /** Resolves with how the request went; rejects only if the thread stopped before it answered. */
  send(request: SenderThreadRequest): Promise<SenderThreadReply> {
    const worker = this.worker;
    if (this.state !== 'ready' || !worker)
      return Promise.reject(new SenderThreadError('the sender thread is not running'));
    const id = this.nextId++;
    return new Promise<SenderThreadReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.holdProcess();
      worker.postMessage({ ...request, id } satisfies ToSenderThread);
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.state = 'stopped';
    this.worker = undefined;
    this.failPending('the sender thread was stopped');
    await worker?.terminate();
  }

  private start(): void {
    this.state = 'starting';
    // Under ts-node (npm start, the tests) the thread's file is TypeScript too, and needs ts-node's hook.
    const typescript = extname(__filename) === '.ts';
    const file = join(__dirname, `sender-thread-main${extname(__filename)}`);
    const worker = new Worker(`require(${JSON.stringify(file)});`, {
      eval: true,
      execArgv: typescript ? ['--require', 'ts-node/register/transpile-only'] : [],
    });
    this.worker = worker;
    worker.on('message', (m: FromSenderThread) => {
      if (m.kind === 'ready') {
        if (this.state === 'starting') this.state = 'ready';
        this.settleWaiters();
        return;
      }
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      this.holdProcess();
      waiting?.resolve(m);
    });
    worker.on('error', (error) => this.stopped(worker, error));
    worker.on('exit', (code) => this.stopped(worker, new Error(`the sender thread exited (${code})`)));
    // After the listeners (adding a 'message' listener refs the worker again).
    this.holdProcess();
  }

  /**
   * The thread keeps the process alive only while it has work: a request in flight (a one-off command
   * sending reminders must not exit before they are sent) or someone waiting for it to start. Left idle, it
   * never keeps a process from exiting.
   */
  private holdProcess(): void {
    if (this.pending.size > 0 || this.readyWaiters.length > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.logger?.error({ err: error }, 'the sender thread stopped: sending from the main thread from now on');
    this.state = 'stopped';
    this.worker = undefined;
    this.failPending(error.message);
  }

  private settleWaiters(): void {
    for (const resolve of this.readyWaiters.splice(0)) resolve(this.state === 'ready');
    this.holdProcess();
  }

  private failPending(reason: string): void {
    this.settleWaiters();
    for (const waiting of this.pending.values()) waiting.reject(new SenderThreadError(reason));
    this.pending.clear();
  }
}
