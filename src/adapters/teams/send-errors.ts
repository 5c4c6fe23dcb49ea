import { parseRetryAfter } from '../retry-policy';

/**
 * How a failed Bot Connector request is handled (research.md, Teams rate limiting):
 * 429 (honouring Retry-After), 412, 502, 503, 504 and network failures are retried;
 * 403 (the person blocked or removed the app) and 404 (conversation gone) mark them unreachable;
 * anything else fails at once.
 */
export type SendErrorClass =
  | { kind: 'retry'; status?: number; retryAfterMs?: number }
  | { kind: 'unreachable'; status: number }
  | { kind: 'fatal'; status?: number };

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const UNREACHABLE = new Set([403, 404]);
const NETWORK_CODES = new Set(['REQUEST_SEND_ERROR', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE']);

interface HeaderBag {
  get(name: string): string | undefined;
}

function field(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined;
}

export function statusOf(e: unknown): number | undefined {
  const s = field(e, 'statusCode') ?? field(field(e, 'response'), 'status');
  return typeof s === 'number' ? s : undefined;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(e: unknown, now: number = Date.now()): number | undefined {
  const headers = field(field(e, 'response'), 'headers') as HeaderBag | undefined;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  return parseRetryAfter(raw, now);
}

export function classifySendError(e: unknown): SendErrorClass {
  const status = statusOf(e);
  if (status === undefined) {
    const code = field(e, 'code');
    return typeof code === 'string' && NETWORK_CODES.has(code) ? { kind: 'retry' } : { kind: 'fatal' };
  }
  if (UNREACHABLE.has(status)) return { kind: 'unreachable', status };
  if (RETRYABLE.has(status))
    return { kind: 'retry', status, retryAfterMs: status === 429 ? retryAfterMs(e) : undefined };
  return { kind: 'fatal', status };
}
