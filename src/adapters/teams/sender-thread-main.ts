import http from 'node:http';
import https from 'node:https';
import { parentPort } from 'node:worker_threads';
import { createPreciseClock } from './precise-clock';
import type { FromSenderThread, ToSenderThread } from './sender-thread-messages';

/**
 * The sender thread's side (sender-thread.ts): holds each request until its send time on an event loop
 * that does nothing else, refuses it if that time passed more than its tolerance ago, and otherwise makes
 * the HTTP call. It imports nothing of the bot's but its clock, so it starts fast and nothing else runs
 * here. Plain node:http with kept-alive connections: the request is written as soon as it is made.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

function reply(message: FromSenderThread): void {
  parentPort?.postMessage(message);
}

function send(request: ToSenderThread): void {
  const late = now() - request.at;
  if (late > request.toleranceMs) {
    reply({ id: request.id, kind: 'late', lateMs: late });
    return;
  }
  const url = new URL(request.url);
  const failed = (error: Error & { code?: string }): void =>
    reply({
      id: request.id,
      kind: 'error',
      name: error.name,
      message: error.message,
      ...(error.code ? { code: error.code } : {}),
    });
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
      timeout: request.timeoutMs,
    },
    (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', failed);
      response.on('end', () =>
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
        }),
      );
    },
  );
  outgoing.on('timeout', () =>
    outgoing.destroy(
      Object.assign(new Error('the Bot Connector did not answer in time'), { name: 'TimeoutError' }),
    ),
  );
  outgoing.on('error', failed);
  outgoing.end(request.body);
}

/** Wall-clock time with sub-millisecond precision (send times are fractional), following Date.now(). */
const now = createPreciseClock();

/** Sends at `at` or just after it, never before: early by a millisecond is as bad as late by one. */
function sendAt(request: ToSenderThread): void {
  const wait = request.at - now();
  if (wait > 0) setTimeout(() => sendAt(request), Math.max(1, Math.ceil(wait)));
  else send(request);
}

parentPort?.on('message', sendAt);
reply({ kind: 'ready' });
