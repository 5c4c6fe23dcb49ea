/**
 * How an outgoing HTTP call is retried when throttled (429), unavailable or the network fails: one policy
 * for every adapter (Microsoft Graph in src/adapters/graph, Teams proactive sends in src/adapters/teams).
 * Retry-After is honoured up to maxRetryAfterMs; otherwise exponential back-off with jitter.
 */
export interface RetryPolicy {
  /** Attempts in all, at least 1. */
  maxAttempts: number;
  /** First back-off when the server gives no Retry-After; doubles each attempt (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one is cut to this (the attempt bound still applies). */
  maxRetryAfterMs: number;
  sleep(ms: number): Promise<void>;
  random(): number;
  onRetry?(info: { attempt: number; status?: number; delayMs: number; retryAfter: boolean }): void;
}

export function defaultRetryPolicy(maxAttempts: number, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxAttempts,
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    maxRetryAfterMs: 300_000,
    sleep: (ms) =>
      new Promise((resolve) => {
        setTimeout(resolve, ms).unref();
      }),
    random: Math.random,
    ...overrides,
  };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before the next attempt: the server's Retry-After when given, else exponential back-off with full jitter. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
): { delayMs: number; retryAfter: boolean } {
  if (retryAfterMs !== undefined)
    return { delayMs: Math.min(retryAfterMs, policy.maxRetryAfterMs), retryAfter: true };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { delayMs: Math.round(ceiling * (0.5 + policy.random() / 2)), retryAfter: false };
}
