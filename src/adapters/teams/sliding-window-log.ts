/** A limit of `limit` events in any sliding window of `windowMs`. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Teams' per-bot per-conversation limits (research.md). */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/**
 * The exact check made at the moment a request is released: per key, the times of recent events, and how
 * long until one more fits every window. Bottleneck does the queueing and spacing; this is the guarantee
 * that still holds after an event-loop stall has made several of Bottleneck's timers fire at once.
 * In this process only (Teams' per-conversation limits). Keys with no event in the longest window are
 * evicted: each one when next looked at, and all of them once per longest window.
 */
export class SlidingWindowLog {
  private readonly logs = new Map<string, number[]>();
  private readonly longest: number;
  private lastEviction: number;

  constructor(
    private readonly limits: readonly WindowLimit[],
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(...limits.map((l) => l.windowMs));
    this.lastEviction = now();
  }

  /** Keys currently held (for tests and metrics). */
  get size(): number {
    return this.logs.size;
  }

  /** Milliseconds after `t` (now by default) until one more event for `key` keeps every window within its limit. */
  waitMs(key: string, t: number = this.now()): number {
    const log = this.prune(key, t);
    let wait = 0;
    for (const { limit, windowMs } of this.limits) {
      const inWindow = log.filter((x) => x > t - windowMs);
      const oldest = inWindow[inWindow.length - limit];
      if (inWindow.length >= limit && oldest !== undefined) wait = Math.max(wait, oldest + windowMs - t + 1);
    }
    return wait;
  }

  /** One event for `key` at `t` (now by default; a send time may be a little ahead of now). */
  record(key: string, t: number = this.now()): void {
    const log = this.logs.get(key) ?? [];
    // Kept in time order (pruning takes from the front); an event is rarely earlier than the last one.
    let i = log.length;
    while (i > 0 && (log[i - 1] ?? 0) > t) i--;
    log.splice(i, 0, t);
    this.logs.set(key, log);
    if (t - this.lastEviction >= this.longest) this.evictIdle(t);
  }

  private evictIdle(t: number): void {
    this.lastEviction = t;
    for (const key of [...this.logs.keys()]) this.prune(key, t);
  }

  private prune(key: string, t: number): number[] {
    const log = this.logs.get(key);
    if (!log) return [];
    while (log.length > 0 && (log[0] ?? 0) <= t - this.longest) log.shift();
    if (log.length === 0) this.logs.delete(key);
    return log;
  }
}
