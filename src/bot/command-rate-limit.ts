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

/** Hit logs in this process only (unit tests and tools; the app shares DocumentRateLimitCounter). */
export class MemoryRateLimitCounter implements RateLimitCounter {
  private readonly logs = new Map<string, number[]>();

  hit(key: string, at: Date, windowMs: number): Promise<number> {
    const since = at.getTime() - windowMs;
    const recent = [...(this.logs.get(key) ?? []).filter((t) => t > since), at.getTime()];
    this.logs.set(key, recent);
    return Promise.resolve(recent.length);
  }
}

/**
 * Per person, over a sliding `windowSeconds`. With the app's counter (in the database) every bot instance
 * counts together; the default counts in this process only.
 */
export class CommandRateLimiter {
  constructor(
    private readonly policy: RateLimitPolicy = DEFAULT_EXPENSIVE_COMMAND_LIMIT,
    private readonly counter: RateLimitCounter = new MemoryRateLimitCounter(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts one run of `commandId` by the person; false when they are over the limit (nothing is counted for cheap commands). */
  async allow(aadObjectId: string, commandId: string): Promise<boolean> {
    if (!EXPENSIVE_COMMANDS.has(commandId)) return true;
    const hits = await this.counter.hit(aadObjectId, this.now(), this.policy.windowSeconds * 1000);
    return hits <= this.policy.points;
  }
}
