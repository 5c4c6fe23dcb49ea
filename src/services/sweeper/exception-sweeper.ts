import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import type { BulkOperationRepository } from '../../ports/bulk-operation-repository';
import type { Clock } from '../../ports/clock';
import type { LeaseRepository } from '../../ports/lease-repository';
import type { RetentionRule } from '../../ports/retention';
import { expireExceptions, type ExpiryDeps } from './exception-expiry';
import { applyRetention } from './retention';

export const SWEEP_INTERVAL_MS = 60_000;
export const LEASE_NAME = 'exception-sweeper';
const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_EVERY_MS = 60 * 60 * 1000;

export interface SweeperDeps extends ExpiryDeps {
  clock: Clock;
  leases: LeaseRepository;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Old bulk confirmations are purged by the same sweep. */
  bulkOperations?: BulkOperationRepository;
  /** Retention rules (audit records, closed tickets), applied at most once per `retentionEveryMs`. */
  retention?: readonly RetentionRule[];
  retentionEveryMs?: number;
  intervalMs?: number;
  /** Who holds the lease: unique per bot instance. */
  instanceId?: string;
}

export type SweepResult = { ran: false } | { ran: true; expired: number; purged?: Record<string, number> };

/**
 * Every minute, on whichever bot instance holds the lease: ends expired exceptions (including any that
 * expired while the bot was down: the query is "expiry at or before now", so a late sweep catches up).
 * The lease outlives two missed sweeps, then another instance takes over.
 */
export class ExceptionSweeper {
  readonly instanceId: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;
  private lastRetention?: number;

  constructor(private readonly deps: SweeperDeps) {
    this.instanceId = deps.instanceId ?? `sweeper-${randomUUID()}`;
  }

  private get intervalMs(): number {
    return this.deps.intervalMs ?? SWEEP_INTERVAL_MS;
  }

  /** One sweep; concurrent calls share the sweep in flight. */
  sweepOnce(): Promise<SweepResult> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.sweepOnce().catch((err: unknown) => this.deps.logger.error({ err }, 'exception sweep failed'));
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.deps.leases.release(LEASE_NAME, this.instanceId).catch(() => undefined);
  }

  private async sweep(): Promise<SweepResult> {
    const now = this.deps.clock.now();
    const held = await this.deps.leases.acquire(
      LEASE_NAME,
      this.instanceId,
      now,
      2 * this.intervalMs + 30_000,
    );
    if (!held) return { ran: false };
    const expired = await expireExceptions(this.deps, now);
    if (expired > 0) this.deps.logger.info({ expired }, 'exceptions expired');
    await this.deps.bulkOperations?.purge(new Date(now.getTime() - DAY_MS));
    const purged = await this.applyRetention(now);
    return { ran: true, expired, ...(purged ? { purged } : {}) };
  }

  /** Deletes what the retention rules say is too old: hourly, by whichever instance holds the lease. */
  private async applyRetention(now: Date): Promise<Record<string, number> | undefined> {
    const rules = this.deps.retention ?? [];
    const every = this.deps.retentionEveryMs ?? RETENTION_EVERY_MS;
    if (rules.length === 0 || (this.lastRetention && now.getTime() - this.lastRetention < every)) {
      return undefined;
    }
    const purged = await applyRetention(rules, now);
    this.lastRetention = now.getTime();
    const total = Object.values(purged).reduce((a, b) => a + b, 0);
    if (total > 0) this.deps.logger.info({ purged }, 'old records deleted (retention)');
    return purged;
  }
}
