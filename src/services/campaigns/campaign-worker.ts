import type { Logger } from 'pino';
import type { CampaignPlanner } from './campaign-planner';
import type { ReminderDispatcher } from './reminder-dispatcher';

/**
 * The background loop: every interval, plan due reminders, then drain the outbox batch by batch until
 * nothing due is left. Ticks never overlap; stop() waits for the tick in progress.
 */
export class CampaignWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly planner: CampaignPlanner,
    private readonly dispatcher: ReminderDispatcher,
    private readonly intervalMs: number,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass (also used by tests and the CLI). */
  async tick(): Promise<void> {
    await this.planner.planDue();
    for (;;) {
      const { found, results } = await this.dispatcher.drainOnce();
      if (found > 0) this.logger?.info({ found, ...results }, 'campaign outbox drained');
      const progressed = found - (results.lost ?? 0) - (results.error ?? 0) - (results.released ?? 0);
      if (found === 0 || progressed === 0 || this.stopped) return;
    }
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.logger?.error({ err }, 'campaign worker pass failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
