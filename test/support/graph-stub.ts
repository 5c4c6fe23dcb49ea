import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  StubAuthenticationMethods,
  type IssuedPass,
  type StubMethod,
  type StubOathDevice,
  type StubPolicyMethod,
} from './graph-stub-methods';
import { graphError as error, type Reply } from './graph-stub-reply';
import { StubTeamwork } from './graph-stub-teamwork';

export type { IssuedPass, StubMethod, StubOathDevice, StubPolicyMethod };

/** A user as the stub's tenant holds it (the Graph user properties the bot reads). */
export interface StubUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  companyName?: string;
  department?: string;
  officeLocation?: string;
  mobilePhone?: string;
}

/** What an injected fault makes a request answer: an error status (with Retry-After), or no answer at all. */
export type StubFault =
  { status: number; retryAfterSeconds?: number; code?: string; message?: string } | { hang: true };

interface InjectedFault {
  remaining: number;
  match: RegExp;
  method?: string;
  fault: StubFault;
}

/** One request the stub received (Graph requests only, not the token endpoint). */
export interface StubRequest {
  method: string;
  /** Without the version prefix, e.g. /users/{id}/authentication/methods. */
  path: string;
  version: 'v1.0' | 'beta';
  batched?: boolean;
  /** The client-request-id header the caller sent. */
  clientRequestId?: string;
  /** The request-id the stub answered with (as Graph does). */
  requestId: string;
}

interface Change {
  seq: number;
  id: string;
  removed: boolean;
}

const ALREADY =
  "One or more added object references already exist for the following modified properties: 'members'.";

const FAULT_CODES: Record<number, string> = {
  400: 'badRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Authorization_RequestDenied',
  404: 'Request_ResourceNotFound',
  409: 'conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/**
 * A local Microsoft Graph + token endpoint for tests: 127.0.0.1 only, in the test process. Holds a small
 * tenant (users, groups, registration details, authentication methods, hardware OATH tokens, the
 * authentication methods policy) and serves the endpoints the adapters use, v1.0 and beta, with paging
 * (@odata.nextLink), delta links, $ref membership writes, $batch, injectable throttling (429 +
 * Retry-After) or outage (503), and faults per endpoint (failNext). Every answer carries request-id and
 * client-request-id like Graph's; every request is logged for assertions.
 */
export class GraphStub {
  readonly users = new Map<string, StubUser>();
  readonly groups = new Map<string, Set<string>>();
  readonly registrations = new Map<string, { isMfaRegistered: boolean; methodsRegistered: string[] }>();
  /** Each person's registered methods, as Entra holds them (set directly: visible at once). */
  readonly methods = new Map<string, StubMethod[]>();
  readonly auth = new StubAuthenticationMethods(this.methods, (id) => this.users.has(id));
  /** Teams app installations (proactive install) and their chats. */
  readonly teamwork = new StubTeamwork((id) => this.users.has(id));
  readonly requests: StubRequest[] = [];
  tokenRequests = 0;
  pageSize = 100;
  /** Every Graph request (not the token endpoint) answers this status, e.g. 503, while set. */
  down?: number;
  private throttles: { remaining: number; retryAfter?: string; match: RegExp }[] = [];
  private faults: InjectedFault[] = [];
  private changes: Change[] = [];
  private seq = 0;
  private server?: Server;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Adds or changes a user (recorded for delta queries). */
  putUser(user: StubUser): void {
    this.users.set(user.id, user);
    this.changes.push({ seq: ++this.seq, id: user.id, removed: false });
  }

  removeUser(id: string): void {
    this.users.delete(id);
    this.changes.push({ seq: ++this.seq, id, removed: true });
  }

  group(id: string): Set<string> {
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = new Set()));
    return g;
  }

  /** The next `count` Graph requests whose path matches answer 429 (with Retry-After seconds when given). */
  throttle(count: number, retryAfterSeconds?: number, match = /./): void {
    this.throttles.push({
      remaining: count,
      retryAfter: retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds),
      match,
    });
  }

  /**
   * The next `count` Graph requests whose path (without the version) matches, and whose method matches when
   * given, answer the fault: an error status (403, 404, 429 with Retry-After, 500, 503...) or no answer at
   * all (`{ hang: true }`, to run past the caller's timeout).
   */
  failNext(count: number, match: RegExp, fault: StubFault, method?: string): void {
    this.faults.push({ remaining: count, match, method, fault });
  }

  count(method: string, pattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path)).length;
  }

  /** Later reads of a person's methods before a newly added method shows in them (0 = at once). */
  get visibleAfterReads(): number {
    return this.auth.visibleAfterReads;
  }

  set visibleAfterReads(reads: number) {
    this.auth.visibleAfterReads = reads;
  }

  /** What the person does on Security info: adds Microsoft Authenticator (subject to visibleAfterReads). */
  registerAuthenticator(userId: string, options: { displayName?: string } = {}): StubMethod {
    return this.auth.registerAuthenticator(userId, options);
  }

  /** What Entra holds for the person, ignoring the visibility delay. */
  methodsOf(userId: string): StubMethod[] {
    return this.auth.methodsOf(userId);
  }

  /** Every Temporary Access Pass created, with its owner: to check a pass appears nowhere else. */
  get issuedPasses(): readonly IssuedPass[] {
    return this.auth.issuedPasses;
  }

  /** The hardware OATH tokens in the tenant's inventory (with their secrets). */
  get devices(): ReadonlyMap<string, StubOathDevice> {
    return this.auth.devices;
  }

  /** The authentication methods policy, one state per method; change it per test. */
  get policy(): Record<StubPolicyMethod, 'enabled' | 'disabled'> {
    return this.auth.policy;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const clientRequestId = header(req, 'client-request-id');
    const requestId = randomUUID();
    let reply: Reply | 'hang';
    if (/\/oauth2\/v2\.0\/token$/.test(url.pathname) && method === 'POST') {
      this.tokenRequests += 1;
      reply = {
        status: 200,
        body: {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: `stub-token-${this.tokenRequests}`,
        },
      };
    } else if (!/^Bearer stub-token-\d+$/.test(req.headers.authorization ?? '')) {
      reply = error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    } else {
      const version = url.pathname.startsWith('/beta/') ? 'beta' : 'v1.0';
      reply = this.handle(
        method,
        url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '') + url.search,
        text ? parse(text) : undefined,
        { version, batched: false, clientRequestId, requestId },
      );
    }
    // No answer: the caller's timeout has to fire (the socket is closed by the caller or by stop()).
    if (reply === 'hang') return;
    res.writeHead(reply.status, {
      ...(reply.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      'request-id': requestId,
      ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}),
      ...reply.headers,
    });
    const body = withInnerError(reply.body, requestId, clientRequestId);
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private handle(
    method: string,
    pathAndQuery: string,
    body: unknown,
    context: Omit<StubRequest, 'method' | 'path'>,
  ): Reply | 'hang' {
    const url = new URL(pathAndQuery, 'http://stub');
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method, path, ...context });
    if (this.down) return error(this.down, 'ServiceUnavailable', 'Graph is down (stub).');
    const injected = this.faults.find(
      (f) => f.remaining > 0 && f.match.test(path) && (f.method === undefined || f.method === method),
    );
    if (injected) {
      injected.remaining -= 1;
      return faultReply(injected.fault);
    }
    const throttle = this.throttles.find((t) => t.remaining > 0 && t.match.test(path));
    if (throttle) {
      throttle.remaining -= 1;
      return {
        status: 429,
        headers: throttle.retryAfter ? { 'Retry-After': throttle.retryAfter } : {},
        body: { error: { code: 'TooManyRequests', message: 'Too many requests (stub).' } },
      };
    }
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/$batch') return this.batch(body);
    if (method === 'GET' && path === '/users') return this.page('/users', [...this.users.values()], q);
    if (method === 'GET' && path === '/users/delta') return this.delta(q);
    if ((m = /^\/users\/([^/]+)\/checkMemberGroups$/.exec(path)) && method === 'POST') {
      const user = m[1] ?? '';
      const wanted = ((body ?? {}) as { groupIds?: unknown }).groupIds;
      const ids = Array.isArray(wanted) ? wanted.filter((g): g is string => typeof g === 'string') : [];
      return { status: 200, body: { value: ids.filter((g) => this.groups.get(g)?.has(user)) } };
    }
    if ((m = /^\/groups\/([^/]+)\/members$/.exec(path)) && method === 'GET') {
      const g = this.groups.get(m[1] ?? '');
      if (!g) return error(404, 'Request_ResourceNotFound', 'No such group.');
      const members = [...g].map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));
      return this.page(path, members, q);
    }
    if ((m = /^\/groups\/([^/]+)\/members\/\$ref$/.exec(path)) && method === 'POST') {
      const g = this.groups.get(m[1] ?? '');
      const ref = (body as { '@odata.id'?: string } | undefined)?.['@odata.id'] ?? '';
      const userId = ref.split('/').pop() ?? '';
      if (!g || !this.users.has(userId)) return error(404, 'Request_ResourceNotFound', 'Not found.');
      if (g.has(userId)) return error(400, 'Request_BadRequest', ALREADY);
      g.add(userId);
      return { status: 204 };
    }
    if ((m = /^\/groups\/([^/]+)\/members\/([^/]+)\/\$ref$/.exec(path)) && method === 'DELETE') {
      const g = this.groups.get(m[1] ?? '');
      if (!g?.delete(m[2] ?? '')) return error(404, 'Request_ResourceNotFound', 'Not a member.');
      return { status: 204 };
    }
    if (method === 'GET' && path === '/reports/authenticationMethods/userRegistrationDetails') {
      const rows = [...this.registrations.entries()].map(([id, r]) => ({ id, ...r }));
      return this.page(path, rows, q);
    }
    const teamwork = this.teamwork.handle(method, path, body, q);
    if (teamwork) return teamwork;
    const auth = this.auth.handle(method, context.version, path, body);
    if (auth) return auth;
    return error(404, 'BadRequest', `The stub does not serve ${method} ${path}`);
  }

  private page(
    path: string,
    items: unknown[],
    q: URLSearchParams,
    extra: Record<string, string> = {},
  ): Reply {
    const size = Math.min(Number(q.get('$top') ?? this.pageSize), this.pageSize);
    const offset = Number(q.get('$skiptoken') ?? 0);
    const value = items.slice(offset, offset + size);
    const more = offset + size < items.length;
    const next = new URLSearchParams({ ...extra, $top: String(size), $skiptoken: String(offset + size) });
    return {
      status: 200,
      body: {
        value,
        ...(more ? { '@odata.nextLink': `${this.baseUrl}/v1.0${path}?${next.toString()}` } : {}),
      },
    };
  }

  /** Full read (no token): every user; with $deltatoken=S: the latest change of each user since S. */
  private delta(q: URLSearchParams): Reply {
    const since = q.get('$deltatoken') ?? q.get('since');
    const upTo = Number(q.get('upto') ?? this.seq);
    let items: unknown[];
    if (since === null) {
      items = [...this.users.values()];
    } else {
      if (since === 'expired') return error(410, 'syncStateNotFound', 'The delta token has expired.');
      const latest = new Map<string, Change>();
      for (const c of this.changes) if (c.seq > Number(since) && c.seq <= upTo) latest.set(c.id, c);
      items = [...latest.values()].map((c) =>
        c.removed ? { id: c.id, '@removed': { reason: 'deleted' } } : (this.users.get(c.id) ?? { id: c.id }),
      );
    }
    const reply = this.page('/users/delta', items, q, {
      ...(since === null ? {} : { since }),
      upto: String(upTo),
    });
    const body = reply.body as Record<string, unknown>;
    if (!body['@odata.nextLink'])
      body['@odata.deltaLink'] = `${this.baseUrl}/v1.0/users/delta?$deltatoken=${upTo}`;
    return reply;
  }

  private batch(body: unknown): Reply {
    const requests =
      (body as { requests?: { id: string; method: string; url: string; body?: unknown }[] }).requests ?? [];
    if (requests.length > 20) return error(400, 'BadRequest', 'A batch holds at most 20 requests.');
    const responses = requests.map((r) => {
      const answer = this.handle(r.method, r.url, r.body, {
        version: 'v1.0',
        batched: true,
        requestId: randomUUID(),
      });
      const reply = answer === 'hang' ? error(504, 'GatewayTimeout', 'No answer (stub).') : answer;
      return { id: r.id, status: reply.status, headers: reply.headers ?? {}, body: reply.body };
    });
    return { status: 200, body: { responses } };
  }
}

function faultReply(fault: StubFault): Reply | 'hang' {
  if ('hang' in fault) return 'hang';
  const reply = error(
    fault.status,
    fault.code ?? FAULT_CODES[fault.status] ?? 'error',
    fault.message ?? `Injected ${fault.status} (stub).`,
  );
  if (fault.retryAfterSeconds !== undefined)
    reply.headers = { 'Retry-After': String(fault.retryAfterSeconds) };
  return reply;
}

/** Graph puts the request ids into an error body's innerError as well. */
function withInnerError(body: unknown, requestId: string, clientRequestId: string | undefined): unknown {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (!error) return body;
  return {
    error: {
      ...error,
      innerError: {
        date: new Date().toISOString(),
        'request-id': requestId,
        ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}),
      },
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
