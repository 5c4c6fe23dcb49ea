import http from 'node:http';
import https from 'node:https';
import { parentPort } from 'node:worker_threads';
import { createPreciseClock } from './precise-clock';
import type { FromSenderThread, ToSenderThread } from './sender-thread-messages';

/**
 * The sender thread's side (sender-thread.ts): holds each request until its send time on an event loop
 * that does nothing else, refuses it if that time passed more than its tolerance ago, and otherwise makes
 * the HTTP call. It imports nothing of the bot's but its clock, so it starts fast and nothing else runs
 * here. Plain node:http with kept-alive connections, each request connected on arrival and written at its time.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

function reply(message: FromSenderThread): void {
  parentPort?.postMessage(message);
}

/** A request connected and waiting for its send time. */
interface PreparedRequest {
  send(): void;
  /** Gives it up unsent. */
  abandon(): void;
}

/**
 * Makes the HTTP request as soon as it is handed over, so its connection (TCP, and TLS to Teams) is set up
 * while it waits, and returns what sends it: node:http writes nothing of a request until its body is ended,
 * so Teams sees it at its send time, not a handshake later. A request given up unsent is destroyed before a
 * byte of it has left.
 */
function prepare(request: ToSenderThread): PreparedRequest {
  const url = new URL(request.url);
  let settled = false;
  const failed = (error: Error & { code?: string }): void => {
    if (settled) return;
    settled = true;
    reply({
      id: request.id,
      kind: 'error',
      name: error.name,
      message: error.message,
      ...(error.code ? { code: error.code } : {}),
    });
  };
  // Bodies come back as they are sent (the bot's pipeline asked for compressed ones, which it would decode).
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'accept-encoding'),
  );
  const outgoing = (url.protocol === 'https:' ? https : http).request(
    url,
    {
      method: request.method,
      headers,
      agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
    },
    (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', failed);
      response.on('end', () => {
        if (settled) return;
        settled = true;
        reply({
          id: request.id,
          kind: 'response',
          status: response.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.join(', ') : (value ?? ''),
            ]),
          ),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    },
  );
  outgoing.on('error', failed);
  return {
    send() {
      // The answer's time limit counts from the send, not from the wait before it.
      outgoing.setTimeout(request.timeoutMs, () =>
        outgoing.destroy(
          Object.assign(new Error('the Bot Connector did not answer in time'), { name: 'TimeoutError' }),
        ),
      );
      outgoing.end(request.body);
    },
    abandon() {
      settled = true;
      outgoing.destroy();
    },
  };
}

function send(request: ToSenderThread, prepared: PreparedRequest): void {
  const late = now() - request.at;
  if (late > request.toleranceMs) {
    prepared.abandon();
    reply({ id: request.id, kind: 'late', lateMs: late });
    return;
  }
  prepared.send();
}

/** Wall-clock time with sub-millisecond precision (send times are fractional), following Date.now(). */
const now = createPreciseClock();

/** Sends at `at` or just after it, never before: early by a millisecond is as bad as late by one. */
function sendAt(request: ToSenderThread, prepared: PreparedRequest): void {
  const wait = request.at - now();
  if (wait > 0) setTimeout(() => sendAt(request, prepared), Math.max(1, Math.ceil(wait)));
  else send(request, prepared);
}

parentPort?.on('message', (request: ToSenderThread) => sendAt(request, prepare(request)));
reply({ kind: 'ready' });
