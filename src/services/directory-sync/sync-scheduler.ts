import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { LeaseRepository } from '../../ports/lease-repository';
import type { DirectorySyncService } from './directory-sync-service';
import type { SyncReport } from './sync-report';

export const SYNC_LEASE = 'directory-sync';

/**
 * Runs the directory sync every `intervalMs` on whichever instance holds the lease. A failure is logged
 * (once, here) and the bot carries on with the last known directory; the next tick tries again.
 */
export class DirectorySyncScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SyncReport | undefined>;
  private readonly holder = `sync-${randomUUID()}`;

  constructor(
    private readonly deps: {
      sync: DirectorySyncService;
      leases: LeaseRepository;
      clock: Clock;
      logger: Pick<Logger, 'info' | 'warn' | 'error'>;
      intervalMs: number;
    },
  ) {}

  /** One run; concurrent calls share it. Resolves undefined when another instance holds the lease or it failed. */
  runOnce(): Promise<SyncReport | undefined> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.deps.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.deps.leases.release(SYNC_LEASE, this.holder).catch(() => undefined);
  }

  private async run(): Promise<SyncReport | undefined> {
    try {
      const held = await this.deps.leases.acquire(
        SYNC_LEASE,
        this.holder,
        this.deps.clock.now(),
        this.deps.intervalMs * 2 + 60_000,
      );
      if (!held) return undefined;
      const report = await this.deps.sync.run();
      this.deps.logger.info(
        {
          full: report.full,
          users: report.users,
          created: report.created,
          updated: report.updated,
          removed: report.removed,
          markedEnrolled: report.registrations.markedEnrolled,
          durationMs: report.durationMs,
        },
        'directory sync finished',
      );
      return report;
    } catch (err) {
      this.deps.logger.error(
        { err },
        'directory sync failed: staff keep working from the last known directory',
      );
      return undefined;
    }
  }
}
