import { randomUUID } from 'node:crypto';
import { Client, GraphError, HTTPMessageHandler, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { GraphRequestError } from './graph-errors';
import {
  BearerTokenHandler,
  GraphCallOption,
  GraphTimeoutError,
  ThrottlingHandler,
  TimeoutHandler,
} from './graph-middleware';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from '../retry-policy';
import { RETRYABLE_STATUSES } from './graph-retryable-statuses';
import type { TokenProvider } from './token-provider';

const VERSION = 'v1.0';
/** The Graph versions the adapters call: v1.0, and beta for what exists only there (hardware OATH tokens). */
export type GraphVersion = 'v1.0' | 'beta';
/** One attempt's timeout when GraphApi is built without one. */
export const DEFAULT_TIMEOUT_MS = 30_000;
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

export interface RequestOptions {
  version?: GraphVersion;
  body?: unknown;
  /**
   * false for a write that must not be sent twice (creating a pass, a phone method, a token): after a
   * timeout, a network failure or a 504 it is not repeated, because Graph may have done it.
   */
  idempotent?: boolean;
}

/** A Graph answer with the client-request-id the bot sent with it (for logs and audit). */
export interface TracedResponse<T> {
  body: T;
  requestId: string;
}

interface BatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: BatchResult['body'] }[];
}

/**
 * The thin layer over the official Graph client that the adapters use: one client with our middleware
 * chain (throttling -> token -> timeout -> fetch), a client-request-id on every request, v1.0 or beta,
 * errors turned into GraphRequestError, paging by @odata.nextLink, and JSON batching in chunks of 20 with
 * throttled sub-requests retried.
 */
export class GraphApi {
  private readonly client: Client;
  private readonly timeoutMs: number;

  constructor(
    private readonly baseUrl: string,
    tokens: TokenProvider,
    private readonly policy: RetryPolicy,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = Client.initWithMiddleware({
      baseUrl,
      defaultVersion: VERSION,
      middleware: [
        new ThrottlingHandler(policy),
        new BearerTokenHandler(tokens),
        new TimeoutHandler(this.timeoutMs),
        new HTTPMessageHandler(),
      ],
    });
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>('POST', path, { body })).body;
  }

  async delete(path: string): Promise<void> {
    await this.request('DELETE', path);
  }

  /**
   * One Graph call with its own client-request-id (crypto.randomUUID), returned with the answer. On failure
   * the GraphRequestError carries Graph's request-id when the answer had one, else that client-request-id.
   */
  async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: RequestOptions = {},
  ): Promise<TracedResponse<T>> {
    const requestId = randomUUID();
    const { version, relativePath } = this.locate(path, options.version);
    const request: GraphRequest = this.client
      .api(relativePath)
      .version(version)
      .header('client-request-id', requestId)
      .middlewareOptions([new GraphCallOption(this.timeoutMs, options.idempotent ?? true)]);
    const send = (): Promise<unknown> =>
      method === 'GET' ? request.get() : method === 'POST' ? request.post(options.body) : request.delete();
    const body = (await this.call(path, requestId, send)) as T;
    return { body, requestId };
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

  /**
   * Absolute links from Graph (nextLink, deltaLink) become paths the client appends to its base, in the
   * version the link names; a relative path is called in the version asked for (v1.0 by default).
   */
  private locate(path: string, wanted?: GraphVersion): { version: GraphVersion; relativePath: string } {
    for (const version of [VERSION, 'beta'] as const) {
      const prefix = `${this.baseUrl}/${version}`;
      if (path.startsWith(prefix)) return { version, relativePath: path.slice(prefix.length) };
    }
    return { version: wanted ?? VERSION, relativePath: path };
  }

  private async call<T>(path: string, clientRequestId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof GraphRequestError) throw err;
      const where = describePath(path);
      if (err instanceof GraphError && err.statusCode > 0) {
        throw new GraphRequestError(
          `Microsoft Graph answered ${err.statusCode} (${err.code ?? 'error'}) to ${where}`,
          err.statusCode,
          err.code ?? undefined,
          { cause: err },
          serverRequestId(err) ?? clientRequestId,
        );
      }
      // The client wraps a failure before any answer (no connection, our timeout) in a GraphError with no status.
      const reason = err instanceof GraphError ? err.code : undefined;
      if (reason === GraphTimeoutError.name) {
        throw new GraphRequestError(
          `Microsoft Graph did not answer ${where} within ${this.timeoutMs / 1000} s`,
          0,
          'timeout',
          { cause: err },
          clientRequestId,
        );
      }
      throw new GraphRequestError(
        `Microsoft Graph could not be reached for ${where}`,
        0,
        'network',
        { cause: err },
        clientRequestId,
      );
    }
  }
}

/** The request-id Graph gave a failed request: in the error body's innerError, or the response header. */
function serverRequestId(err: GraphError): string | undefined {
  return err.requestId ?? err.headers?.get('request-id') ?? undefined;
}

/** The resource part of a path for messages: no query string (skip and delta tokens are long and opaque). */
function describePath(path: string): string {
  return path.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? path;
}
