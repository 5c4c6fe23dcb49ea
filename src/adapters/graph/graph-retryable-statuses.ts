/** Graph answers worth another attempt: throttled (429) or unavailable (503, 504). */
export const RETRYABLE_STATUSES: readonly number[] = [429, 503, 504];
