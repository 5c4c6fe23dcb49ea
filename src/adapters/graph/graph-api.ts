import { Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { GraphRequestError } from './graph-errors';
import { BearerTokenHandler, ThrottlingHandler } from './graph-middleware';
import { parseRetryAfter, retryDelayMs, RETRYABLE_STATUSES, type RetryPolicy } from './retry-policy';
import type { TokenProvider } from './token-provider';

const VERSION = 'v1.0';
/** Graph's limit of requests in one JSON batch. */
export const BATCH_LIMIT = 20;

export interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface BatchItem {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  /** Relative to the version, e.g. /groups/{id}/members/$ref */
  url: string;
  body?: unknown;
}

export interface BatchResult {
  status: number;
  body?: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

interface BatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: BatchResult['body'] }[];
}

/**
 * The thin layer over the official Graph client that the adapters use: one client with our middleware
 * chain (throttling -> token -> fetch), errors turned into GraphRequestError, paging by @odata.nextLink,
 * and JSON batching in chunks of 20 with throttled sub-requests retried.
 */
export class GraphApi {
  private readonly client: Client;

  constructor(
    private readonly baseUrl: string,
    tokens: TokenProvider,
    private readonly policy: RetryPolicy,
  ) {
    this.client = Client.initWithMiddleware({
      baseUrl,
      defaultVersion: VERSION,
      middleware: [new ThrottlingHandler(policy), new BearerTokenHandler(tokens), new HTTPMessageHandler()],
    });
  }

  async get<T>(path: string): Promise<T> {
    return this.call(path, () => this.client.api(this.relative(path)).get() as Promise<T>);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.call(path, () => this.client.api(this.relative(path)).post(body) as Promise<T>);
  }

  async delete(path: string): Promise<void> {
    await this.call(path, () => this.client.api(this.relative(path)).delete() as Promise<unknown>);
  }

  /** Follows @odata.nextLink to the end; returns the @odata.deltaLink of the last page when there is one. */
  async pages<T>(
    firstPath: string,
    onPage: (items: T[]) => Promise<void>,
  ): Promise<{ pages: number; deltaLink?: string }> {
    let next: string | undefined = firstPath;
    let pages = 0;
    while (next) {
      const page: Page<T> = await this.get<Page<T>>(next);
      pages += 1;
      await onPage(page.value ?? []);
      if (page['@odata.deltaLink']) return { pages, deltaLink: page['@odata.deltaLink'] };
      next = page['@odata.nextLink'];
    }
    return { pages };
  }

  /** Runs the requests in $batch calls of up to 20; a throttled sub-request is retried (bounded). */
  async batch(items: BatchItem[]): Promise<BatchResult[]> {
    const results: BatchResult[] = new Array<BatchResult>(items.length);
    for (let start = 0; start < items.length; start += BATCH_LIMIT) {
      const chunk = items.slice(start, start + BATCH_LIMIT).map((item, i) => ({ item, index: start + i }));
      await this.runChunk(chunk, results);
    }
    return results;
  }

  private async runChunk(chunk: { item: BatchItem; index: number }[], results: BatchResult[]): Promise<void> {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const requests = pending.map(({ item, index }) => ({
        id: String(index),
        method: item.method,
        url: item.url,
        ...(item.body === undefined
          ? {}
          : { body: item.body, headers: { 'Content-Type': 'application/json' } }),
      }));
      const response = await this.post<BatchResponse>('/$batch', { requests });
      let retryAfterMs: number | undefined;
      const again: typeof pending = [];
      for (const r of response.responses ?? []) {
        const index = Number(r.id);
        const entry = pending.find((p) => p.index === index);
        if (!entry) continue;
        results[index] = { status: r.status, body: r.body };
        if (RETRYABLE_STATUSES.includes(r.status) && attempt < this.policy.maxAttempts) {
          again.push(entry);
          const wait = parseRetryAfter(r.headers?.['Retry-After'] ?? r.headers?.['retry-after'], Date.now());
          if (wait !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, wait);
        }
      }
      if (again.length === 0) return;
      const { delayMs, retryAfter } = retryDelayMs(attempt, retryAfterMs, this.policy);
      this.policy.onRetry?.({ attempt, status: 429, delayMs, retryAfter });
      await this.policy.sleep(delayMs);
      pending = again;
    }
  }

  /** Absolute links from Graph (nextLink, deltaLink) become paths the client appends to its base. */
  private relative(path: string): string {
    const prefix = `${this.baseUrl}/${VERSION}`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : path;
  }

  private async call<T>(path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof GraphRequestError) throw err;
      const where = describePath(path);
      if (err instanceof GraphError) {
        throw new GraphRequestError(
          `Microsoft Graph answered ${err.statusCode} (${err.code ?? 'error'}) to ${where}`,
          err.statusCode,
          err.code ?? undefined,
          { cause: err },
        );
      }
      throw new GraphRequestError(`Microsoft Graph could not be reached for ${where}`, 0, 'network', {
        cause: err,
      });
    }
  }
}

/** The resource part of a path for messages: no query string (skip and delta tokens are long and opaque). */
function describePath(path: string): string {
  return path.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? path;
}
