import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export interface StubMethod {
  id: string;
  '@odata.type': string;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Change {
  seq: number;
  id: string;
  removed: boolean;
}

const ALREADY =
  "One or more added object references already exist for the following modified properties: 'members'.";

/**
 * A local Microsoft Graph + token endpoint for tests: 127.0.0.1 only, in the test process. Holds a small
 * tenant (users, groups, registration details, authentication methods) and serves the endpoints the
 * adapter uses with paging (@odata.nextLink), delta links, $ref membership writes, $batch, and
 * injectable throttling (429 + Retry-After) or outage (503). Every request is logged for assertions.
 */
export class GraphStub {
  readonly users = new Map<string, StubUser>();
  readonly groups = new Map<string, Set<string>>();
  readonly registrations = new Map<string, { isMfaRegistered: boolean; methodsRegistered: string[] }>();
  readonly methods = new Map<string, StubMethod[]>();
  readonly requests: { method: string; path: string; batched?: boolean }[] = [];
  tokenRequests = 0;
  pageSize = 100;
  /** Every Graph request (not the token endpoint) answers this status, e.g. 503, while set. */
  down?: number;
  private throttles: { remaining: number; retryAfter?: string; match: RegExp }[] = [];
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

  count(method: string, pattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path)).length;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    let reply: Reply;
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
      reply = this.handle(
        method,
        url.pathname.replace(/^\/v1\.0/, '') + url.search,
        text ? parse(text) : undefined,
        false,
      );
    }
    res.writeHead(reply.status, {
      ...(reply.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...reply.headers,
    });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private handle(method: string, pathAndQuery: string, body: unknown, batched: boolean): Reply {
    const url = new URL(pathAndQuery, 'http://stub');
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method, path, batched });
    if (this.down) return error(this.down, 'ServiceUnavailable', 'Graph is down (stub).');
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
    if ((m = /^\/users\/([^/]+)\/authentication\/methods$/.exec(path)) && method === 'GET') {
      return { status: 200, body: { value: this.methods.get(m[1] ?? '') ?? [] } };
    }
    if (
      (m = /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods$/.exec(path)) &&
      method === 'POST'
    ) {
      const minutes = (body as { lifetimeInMinutes?: number } | undefined)?.lifetimeInMinutes ?? 60;
      return {
        status: 201,
        body: {
          id: 'tap-1',
          temporaryAccessPass: 'TAP-SECRET-123',
          startDateTime: new Date().toISOString(),
          lifetimeInMinutes: minutes,
        },
      };
    }
    if (
      (m = /^\/users\/([^/]+)\/authentication\/([A-Za-z]+Methods)\/([^/]+)$/.exec(path)) &&
      method === 'DELETE'
    ) {
      const list = this.methods.get(m[1] ?? '') ?? [];
      const at = list.findIndex((x) => x.id === m?.[3]);
      if (at < 0) return error(404, 'itemNotFound', 'No such method.');
      list.splice(at, 1);
      return { status: 204 };
    }
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
      const reply = this.handle(r.method, r.url, r.body, true);
      return { id: r.id, status: reply.status, headers: reply.headers ?? {}, body: reply.body };
    });
    return { status: 200, body: { responses } };
  }
}

function error(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
