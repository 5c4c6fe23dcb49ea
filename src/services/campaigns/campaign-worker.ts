import type { Logger } from 'pino';
import type { CampaignPlanner } from './campaign-planner';
import type { ReminderDispatcher } from './reminder-dispatcher';

/**
 * The background loop: every interval, plan due reminders, then drain the outbox until nothing due is
 * left. Ticks never overlap; stop() waits for the tick in progress.
 */
export class CampaignWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  /** Set by stop(): a drain in progress claims nothing more (a tick run by hand is not affected before). */
  private stopRequested = false;

  constructor(
    private readonly planner: CampaignPlanner,
    private readonly dispatcher: ReminderDispatcher,
    private readonly intervalMs: number,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopRequested = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopRequested = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass (also used by tests and the CLI): plan, then send everything due (ReminderDispatcher.drain). */
  async tick(): Promise<void> {
    await this.planner.planDue();
    const { found, results } = await this.dispatcher.drain(() => this.stopRequested);
    if (found > 0) this.logger?.info({ found, ...results }, 'campaign outbox drained');
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
