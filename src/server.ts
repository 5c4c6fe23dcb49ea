import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import type { Logger } from './logger';
import type { DocumentStore } from './ports/document-store';
import type { MfaBot } from './bot/mfa-bot';

/** /readyz waits at most this long for the store before saying it is unavailable. */
export const READY_TIMEOUT_MS = 1500;

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

function secure(res: Response): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.header(name, value);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Bot Framework channels never compress requests. A compressed body would be inflated by restify's body reader
 * (whose Gunzip stream has no 'error' listener, restify#1975: a bad gzip body killed the process) and counted
 * against MAX_BODY_BYTES only before inflation (a decompression bomb). So anything but identity is refused
 * with 415 before a byte of the body is read.
 */
export function refuseContentEncoding(req: Request, res: Response, next: restify.Next): void {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    delete req.headers['content-encoding']; // restify's reader refuses even "identity"
    next();
    return;
  }
  res.header('Connection', 'close');
  res.send(415, {
    code: 'UnsupportedMediaType',
    message: 'Content-Encoding is not supported: send the activity uncompressed.',
  });
  next(false);
}

/**
 * Why a body cannot be handed to the Bot Framework adapter, or undefined when it can. botbuilder needs a
 * `type`, a `channelId` and a `conversation` with an `id` (without them the turn fails inside the adapter and
 * logs an error); `serviceUrl`, when sent, must be text. A missing `from` is answered politely by the bot.
 */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The body must be a JSON Bot Framework activity with a type.';
  const a = body as { type?: unknown; channelId?: unknown; conversation?: unknown; serviceUrl?: unknown };
  if (typeof a.type !== 'string') return 'The body must be a JSON Bot Framework activity with a type.';
  const conversation = a.conversation as { id?: unknown } | undefined;
  if (typeof conversation !== 'object' || conversation === null || Array.isArray(conversation))
    return 'The activity needs a conversation.';
  if (typeof conversation.id !== 'string' || conversation.id.length === 0)
    return 'The activity needs a conversation id.';
  if (typeof a.channelId !== 'string' || a.channelId.length === 0) return 'The activity needs a channelId.';
  if (a.serviceUrl !== undefined && typeof a.serviceUrl !== 'string') return 'The serviceUrl must be text.';
  return undefined;
}

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: MfaBot;
  store: DocumentStore;
  logger: Logger;
  maxBodyBytes: number;
}

export interface BotServer {
  server: restify.Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting connections and waits (up to graceMs) for turns in flight. True when all finished. */
  close(graceMs: number): Promise<boolean>;
  inFlight(): number;
}

/**
 * The HTTP face of the bot (restify): POST /api/messages for the Bot Framework, and the probes /healthz and
 * /readyz with restrictive security headers. /metrics is not here: it has its own port (src/metrics-server.ts).
 */
export function createServer(deps: ServerDeps): BotServer {
  const { adapter, bot, store, logger } = deps;
  const server = restify.createServer({ name: 'mfa-enrolment-bot', handleUncaughtExceptions: false });
  const pending = new Set<Promise<void>>();

  // JSON only: no form or multipart parsing (and no temporary upload files) on the public endpoint.
  // maxBodySize is read by restify's bodyReader inside jsonBodyParser (its type definitions omit it).
  const jsonOptions = { maxBodySize: deps.maxBodyBytes, mapParams: false };
  const bodyParser = restify.plugins.jsonBodyParser(jsonOptions);

  server.post('/api/messages', refuseContentEncoding, bodyParser, async (req: Request, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) {
      logger.debug({ problem }, 'activity refused before the adapter');
      res.send(400, { code: 'BadRequest', message: problem });
      return;
    }
    const work = adapter.process(req, res, (turn) => bot.run(turn));
    pending.add(work);
    try {
      await work;
    } catch (err) {
      logger.error({ err }, 'activity processing failed outside a turn');
      if (!res.headersSent)
        res.send(500, { code: 'InternalError', message: 'The activity could not be processed.' });
    } finally {
      pending.delete(work);
    }
  });

  server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
    secure(res);
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    secure(res);
    try {
      await withTimeout(store.ping(), READY_TIMEOUT_MS, 'the store');
      res.send(200, { status: 'ok', store: store.kind });
    } catch (err) {
      const reason = `${store.kind} store unreachable: ${(err as Error).message}`;
      logger.warn({ reason }, 'not ready');
      res.send(503, { status: 'unavailable', reason });
    }
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve(server.address());
        });
      });
    },
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const turnsDone = Promise.allSettled([...pending]).then(() => true);
      const finished = await Promise.race([
        turnsDone,
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
      ]);
      server.server.closeAllConnections();
      await closed;
      return finished;
    },
    inFlight: () => pending.size,
  };
}
