import type { Logger } from 'pino';
import type { SlotLedger } from '../../ports/slot-ledger';
import { SendBudget } from '../teams/send-budget';
import { SlotGrid } from '../teams/slot-grid';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Proactive installs go through Microsoft Graph, whose limits are not Teams' message limits, so they have
 * a budget of their own: TEAMS_INSTALL_RATE_PER_SECOND for the tenant, shared by every instance over the
 * database's slot ledger (the same grid of claimed send times as Teams sends, under another scope). When
 * Graph answers 429 the whole limiter waits out the Retry-After (`pauseFor`), not just the one request.
 */
export class InstallRateLimiter {
  private readonly budget: SendBudget;
  private pausedUntil = 0;

  constructor(options: { ratePerSecond: number; tenantId: string; ledger: SlotLedger; logger?: Logger }) {
    const grid = new SlotGrid({
      ratePerSecond: options.ratePerSecond,
      headroom: 0.95,
      chunkSize: Math.max(1, Math.min(5, Math.round(options.ratePerSecond * 0.2))),
    });
    this.budget = new SendBudget({
      ledger: options.ledger,
      grid,
      scope: `graph-install:${options.tenantId}:${grid.id}`,
      logger: options.logger,
    });
  }

  /** Runs `request` at an install time of the tenant's budget, after any pause a 429 asked for. */
  async schedule<T>(request: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.waitForPause();
      const slot = await this.budget.take();
      for (let wait = slot - Date.now(); wait > 0; wait = slot - Date.now()) await sleep(wait);
      // A 429 that arrived while this request waited for its slot: give the slot up, wait, take another.
      if (Date.now() >= this.pausedUntil) return request();
    }
  }

  /** Runs a lookup (a GET, outside the install budget) once any pause a 429 asked for has passed. */
  async afterPause<T>(request: () => Promise<T>): Promise<T> {
    await this.waitForPause();
    return request();
  }

  /** Graph said Retry-After: no install request leaves this instance before it has passed. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  async stop(): Promise<void> {
    await this.budget.stop();
  }

  private async waitForPause(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now())
      await sleep(wait);
  }
}
