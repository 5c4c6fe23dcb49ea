import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { GraphRequestError } from './graph-errors';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from '../retry-policy';
import { RETRYABLE_STATUSES } from './graph-retryable-statuses';
import type { TokenProvider } from './token-provider';

/**
 * Per-request settings read by the middleware below (passed with GraphRequest.middlewareOptions).
 * `idempotent: false` marks a write that must not be sent twice: a timeout, a network failure or a 504 may
 * mean Graph did the work, so it is not repeated (429 and 503 are still retried: Graph refused those).
 */
export class GraphCallOption implements MiddlewareOptions {
  constructor(
    readonly timeoutMs: number,
    readonly idempotent = true,
  ) {}
}

/** One attempt took longer than its timeout and was abandoned. */
export class GraphTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No answer from Microsoft Graph within ${Math.round(timeoutMs / 100) / 10} s`);
    this.name = 'GraphTimeoutError';
  }
}

function callOption(context: Context): GraphCallOption | undefined {
  return context.middlewareControl?.getMiddlewareOptions(GraphCallOption) as GraphCallOption | undefined;
}

abstract class ChainedMiddleware implements Middleware {
  private nextMiddleware?: Middleware;

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }

  protected get next(): Middleware {
    if (!this.nextMiddleware) throw new Error('Graph middleware chain has no next handler');
    return this.nextMiddleware;
  }

  abstract execute(context: Context): Promise<void>;
}

/**
 * Retries a request that Graph throttled (429) or could not serve (503/504), or that failed on the network
 * or timed out: waits Retry-After when Graph gives it, else backs off exponentially with jitter; at most
 * maxAttempts. A write marked not idempotent is retried only after 429/503. The last response (or error) is
 * passed on, so the client raises it as usual.
 */
export class ThrottlingHandler extends ChainedMiddleware {
  constructor(private readonly policy: RetryPolicy) {
    super();
  }

  async execute(context: Context): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let error: unknown;
      let failed = false;
      try {
        await this.next.execute(context);
      } catch (err) {
        error = err;
        failed = true;
      }
      const status = failed ? undefined : context.response?.status;
      // A token failure is not retried here: MSAL already retries its own endpoint.
      if (failed && error instanceof GraphRequestError) throw error;
      const retryable =
        callOption(context)?.idempotent === false
          ? status === 429 || status === 503
          : failed || (status !== undefined && RETRYABLE_STATUSES.includes(status));
      if (!retryable || attempt >= this.policy.maxAttempts) {
        if (failed) throw error;
        return;
      }
      const header = failed ? null : (context.response?.headers.get('retry-after') ?? null);
      const { delayMs, retryAfter } = retryDelayMs(attempt, parseRetryAfter(header, Date.now()), this.policy);
      if (!failed) await context.response?.arrayBuffer().catch(() => undefined);
      this.policy.onRetry?.({ attempt, status, delayMs, retryAfter });
      await this.policy.sleep(delayMs);
    }
  }
}

/** Adds the app's bearer token to every request (asked per attempt: MSAL answers from its cache). */
export class BearerTokenHandler extends ChainedMiddleware {
  constructor(private readonly tokens: TokenProvider) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const token = await this.tokens.getAccessToken();
    const headers = new Headers(context.options?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    context.options = { ...context.options, headers };
    await this.next.execute(context);
  }
}

/**
 * Abandons one attempt that gets no answer (response headers) within its timeout: the request's
 * GraphCallOption, else the default. Sits next to the fetch, so waiting for a token or for Retry-After
 * does not count.
 */
export class TimeoutHandler extends ChainedMiddleware {
  constructor(private readonly defaultTimeoutMs: number) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const timeoutMs = callOption(context)?.timeoutMs ?? this.defaultTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    context.options = { ...context.options, signal: controller.signal };
    try {
      await this.next.execute(context);
    } catch (err) {
      if (controller.signal.aborted) throw new GraphTimeoutError(timeoutMs);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
