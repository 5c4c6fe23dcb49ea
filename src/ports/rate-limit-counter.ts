/**
 * Counts hits per key in a sliding window, shared by every bot instance on the same database (the expensive
 * command limit). `hit` records one hit at `at` and returns how many the key has had in the `windowMs`
 * up to and including it.
 */
export interface RateLimitCounter {
  hit(key: string, at: Date, windowMs: number): Promise<number>;
}
