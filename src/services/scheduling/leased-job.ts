import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { LeaseRepository } from '../../ports/lease-repository';

export interface LeasedJobOptions<R> {
  /** The lease's name: one holder at a time across every bot instance. */
  name: string;
  leases: LeaseRepository;
  clock: Clock;
  logger: Pick<Logger, 'error'>;
  intervalMs: number;
  /** How long a taken lease lasts: past two missed runs by default, then another instance takes over. */
  leaseMs?: number;
  /** Who holds the lease: unique per bot instance. */
  holder?: string;
  /** What a failed run is logged as (once, here). */
  failureMessage: string;
  run(now: Date): Promise<R>;
}

export type LeasedRun<R> = { ran: false } | { ran: true; result: R };

/**
 * Periodic background work that must run on one bot instance at a time: every `intervalMs`, whoever takes
 * (or renews) the named lease runs the job. Runs never overlap within an instance (concurrent calls share
 * the run in progress); a failure is logged once and the next tick tries again; stop() waits for the run
 * in progress and gives the lease up so another instance can take over at once.
 */
export class LeasedJob<R> {
  readonly holder: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<LeasedRun<R>>;

  constructor(private readonly options: LeasedJobOptions<R>) {
    this.holder = options.holder ?? `${options.name}-${randomUUID()}`;
  }

  /** One run now (tests and CLIs call it directly); rejects when the job failed. */
  runOnce(): Promise<LeasedRun<R>> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.runOnce().catch((err: unknown) => this.options.logger.error({ err }, this.options.failureMessage));
    };
    this.timer = setInterval(tick, this.options.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.options.leases.release(this.options.name, this.holder).catch(() => undefined);
  }

  private async run(): Promise<LeasedRun<R>> {
    const { name, leases, clock, intervalMs } = this.options;
    const now = clock.now();
    const held = await leases.acquire(
      name,
      this.holder,
      now,
      this.options.leaseMs ?? 2 * intervalMs + 30_000,
    );
    if (!held) return { ran: false };
    return { ran: true, result: await this.options.run(now) };
  }
}
