import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service (what Teams' serviceUrl points at), run inside the
 * test process on 127.0.0.1. It implements the endpoints botbuilder calls for proactive sends:
 *   POST /v3/conversations/{conversationId}/activities              (send to conversation)
 *   POST /v3/conversations/{conversationId}/activities/{activityId} (reply to activity)
 *   PUT  /v3/conversations/{conversationId}/activities/{activityId} (update activity)
 * It enforces the Teams limits with sliding windows (per conversation and overall) and answers 429 with
 * Retry-After when they are exceeded; fault rules inject 429 / 5xx / 403 / 404 on purpose.
 */
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

export interface StubRequest {
  method: string;
  conversationId: string;
  activityId?: string;
  /** 1 for the first request to this conversation, 2 for the next, ... */
  attempt: number;
  authorization?: string;
  body: Record<string, unknown>;
}

export interface FaultRule {
  match(req: StubRequest): boolean;
  status: number;
  retryAfterSeconds?: number;
  /** How many requests the rule answers before it stops matching (default: unlimited). */
  times?: number;
}

export interface AcceptedActivity {
  conversationId: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface StubOptions {
  conversationLimits?: readonly WindowLimit[];
  /** Overall requests per second before the stub answers 429 (default 50). */
  globalPerSecond?: number;
  /** Milliseconds to wait before answering (simulates latency). */
  latencyMs?: number;
  /**
   * false: requests and accepted activities are kept without their bodies (long benchmark runs). The stub
   * judges the limits by the arrival times it takes on its own event loop; holding 10,000 bodies made its
   * heap grow until a full collection paused it for 10-20 ms, and a request arriving during such a pause was
   * timed that late, making the one 50 requests after it look one too many in a second.
   */
  keepBodies?: boolean;
}

/** What a request or activity holds when bodies are not kept. */
const NO_BODY: Record<string, unknown> = Object.freeze({});

export class StubBotConnector {
  readonly accepted: AcceptedActivity[] = [];
  readonly requests: StubRequest[] = [];
  /** Arrival time (ms) of each entry in `requests`. */
  readonly requestTimes: number[] = [];
  /** Requests refused because they broke a rate limit (not counting injected faults). */
  readonly limitViolations: StubRequest[] = [];
  private readonly rules: { rule: FaultRule; used: number }[] = [];
  private readonly perConversation = new Map<string, number[]>();
  private readonly attempts = new Map<string, number>();
  private readonly overall: number[] = [];
  private server?: http.Server;
  private nextId = 1;

  constructor(private readonly options: StubOptions = {}) {}

  /** Starts listening on an ephemeral port; returns the serviceUrl to put in conversation references. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  addRule(rule: FaultRule): void {
    this.rules.push({ rule, used: 0 });
  }

  acceptedFor(conversationId: string): AcceptedActivity[] {
    return this.accepted.filter((a) => a.conversationId === conversationId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrivedAt = Date.now();
    const received = await readJson(req);
    const body = this.options.keepBodies === false ? NO_BODY : received;
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(
      (req.url ?? '').split('?')[0] ?? '',
    );
    if (!m || (req.method !== 'POST' && req.method !== 'PUT')) {
      return send(res, 404, { error: { code: 'NotFound', message: 'no such endpoint' } });
    }
    const conversationId = decodeURIComponent(m[1] ?? '');
    const attempt = (this.attempts.get(conversationId) ?? 0) + 1;
    this.attempts.set(conversationId, attempt);
    const request: StubRequest = {
      method: req.method,
      conversationId,
      activityId: m[2] ? decodeURIComponent(m[2]) : undefined,
      attempt,
      authorization: req.headers.authorization,
      body,
    };
    this.requests.push(request);
    this.requestTimes.push(arrivedAt);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));

    const now = arrivedAt;
    if (this.breaksLimits(conversationId, now)) {
      this.limitViolations.push(request);
      return send(
        res,
        429,
        { error: { code: 'TooManyRequests', message: 'rate limit' } },
        { 'retry-after': '1' },
      );
    }
    this.record(conversationId, now);

    const fault = this.rules.find(
      (r) => (r.rule.times === undefined || r.used < r.rule.times) && r.rule.match(request),
    );
    if (fault) {
      fault.used++;
      const headers: Record<string, string> =
        fault.rule.retryAfterSeconds !== undefined
          ? { 'retry-after': String(fault.rule.retryAfterSeconds) }
          : {};
      return send(
        res,
        fault.rule.status,
        { error: { code: 'Injected', message: 'injected fault' } },
        headers,
      );
    }
    const id = `activity-${this.nextId++}`;
    this.accepted.push({ conversationId, activity: body, at: now });
    return send(res, req.method === 'PUT' ? 200 : 201, { id });
  }

  private breaksLimits(conversationId: string, now: number): boolean {
    const limits = this.options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    const times = this.perConversation.get(conversationId) ?? [];
    const countSince = (list: number[], windowMs: number): number =>
      list.filter((t) => t > now - windowMs).length;
    if (limits.some((l) => countSince(times, l.windowMs) >= l.limit)) return true;
    return countSince(this.overall, 1_000) >= (this.options.globalPerSecond ?? 50);
  }

  private record(conversationId: string, now: number): void {
    const times = this.perConversation.get(conversationId) ?? [];
    times.push(now);
    this.perConversation.set(conversationId, times);
    this.overall.push(now);
    while (this.overall.length > 0 && (this.overall[0] ?? 0) <= now - 1_000) this.overall.shift();
  }
}

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        resolve(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
