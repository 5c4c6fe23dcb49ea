import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitCounter } from '../ports/rate-limit-counter';

/**
 * Commands that read or change many records (a report, a bulk change, campaign previews and sends, an FAQ
 * reload). The turn router limits them per person so one account (or a stuck client) cannot load the store.
 */
export const EXPENSIVE_COMMANDS: ReadonlySet<string> = new Set([
  'admin.report',
  'admin.bulk',
  'campaign',
  'faq-reload',
]);

export interface RateLimitPolicy {
  /** Expensive commands one person may run per window. */
  points: number;
  windowSeconds: number;
}

export const DEFAULT_EXPENSIVE_COMMAND_LIMIT: RateLimitPolicy = { points: 5, windowSeconds: 60 };

/**
 * Per person, over a sliding `windowSeconds`. With a shared counter (the app's, in the database) every bot
 * instance counts together; without one (unit tests), each process counts on its own.
 */
export class CommandRateLimiter {
  private readonly local: RateLimiterMemory;

  constructor(
    private readonly policy: RateLimitPolicy = DEFAULT_EXPENSIVE_COMMAND_LIMIT,
    private readonly shared?: { counter: RateLimitCounter; now: () => Date },
  ) {
    this.local = new RateLimiterMemory({ points: policy.points, duration: policy.windowSeconds });
  }

  /** Counts one run of `commandId` by the person; false when they are over the limit (nothing is counted for cheap commands). */
  async allow(aadObjectId: string, commandId: string): Promise<boolean> {
    if (!EXPENSIVE_COMMANDS.has(commandId)) return true;
    if (this.shared) {
      const windowMs = this.policy.windowSeconds * 1000;
      return (await this.shared.counter.hit(aadObjectId, this.shared.now(), windowMs)) <= this.policy.points;
    }
    try {
      await this.local.consume(aadObjectId);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }
}
