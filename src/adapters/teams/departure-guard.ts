import { AsyncLocalStorage } from 'node:async_hooks';
import {
  createHttpHeaders,
  RestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { SenderThread, SenderThreadReply } from './sender-thread';

/**
 * The last step before a request to Teams leaves: the send time it was given by the tenant's budget
 * (SendRateLimiter) is carried with the request (AsyncLocalStorage), and a pipeline policy at the end of
 * the connector's HTTP pipeline makes the request leave at that time and not later than the tolerance:
 *  - with a sender thread (sender-thread.ts), the request is handed over, a little before its time, and the
 *    thread, on an event loop of its own, sends it at that time or refuses it if it is late;
 *  - without one, it waits for the time here and refuses the request if it is already late.
 * The limiter checks the time before it starts the request, but botbuilder's turn and pipeline run between
 * that check and the HTTP call, and a stall of the event loop there would send the request late: late
 * enough to be one too many in Teams' sliding second. Refused, the request has not been sent; the limiter
 * gives it another send time.
 */
export class SlotMissedError extends Error {
  constructor(lateMs: number) {
    super(`the request's send time passed ${lateMs.toFixed(1)} ms before it could leave`);
    this.name = 'SlotMissedError';
  }
}

export interface Departure {
  /** The send time (ms since the epoch). */
  at: number;
  toleranceMs: number;
  /** Where the HTTP call is made, when not on this thread. */
  thread?: SenderThread;
}

const departures = new AsyncLocalStorage<Departure>();

/** Runs `request` with its send time attached, for the policy below. */
export function departingAt<T>(departure: Departure, request: () => Promise<T>): Promise<T> {
  return departures.run(departure, request);
}

const DEPARTURE_GUARD_POLICY = 'teamsDepartureGuard';
/** Used when a request carries no timeout of its own (the transport's own deadline is the same). */
const DEFAULT_TIMEOUT_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Outside departingAt (a request no budget gave a send time) it lets everything through. */
export const departureGuardPolicy: PipelinePolicy = {
  name: DEPARTURE_GUARD_POLICY,
  async sendRequest(request, next) {
    const departure = departures.getStore();
    if (!departure) return next(request);
    refuseIfLate(departure);
    const body = handedOverBody(request);
    if (departure.thread?.ready && body !== false) {
      const reply = await departure.thread.send({
        at: departure.at,
        toleranceMs: departure.toleranceMs,
        url: request.url,
        method: request.method,
        headers: request.headers.toJSON(),
        ...(body !== undefined ? { body } : {}),
        timeoutMs: request.timeout > 0 ? request.timeout : DEFAULT_TIMEOUT_MS,
      });
      return responseFrom(reply, request);
    }
    for (let wait = departure.at - Date.now(); wait > 0; wait = departure.at - Date.now()) await sleep(wait);
    refuseIfLate(departure);
    return next(request);
  },
};

function refuseIfLate(departure: Departure): void {
  const late = Date.now() - departure.at;
  if (late > departure.toleranceMs) throw new SlotMissedError(late);
}

/**
 * The body as text when the request can be made by the sender thread (plain node:http); false when it needs
 * this thread's HTTP client: a proxy or TLS settings (an agent), or a body that is not text.
 */
function handedOverBody(request: PipelineRequest): string | undefined | false {
  if (request.agent || request.proxySettings || request.multipartBody || request.formData) return false;
  if (request.body === undefined || request.body === null) return undefined;
  return typeof request.body === 'string' ? request.body : false;
}

function responseFrom(reply: SenderThreadReply, request: PipelineRequest): PipelineResponse {
  switch (reply.kind) {
    case 'late':
      throw new SlotMissedError(reply.lateMs);
    case 'error':
      // As the pipeline's own HTTP client reports it: a request that may not have reached Teams.
      throw new RestError(reply.message, {
        code: reply.name === 'TimeoutError' ? 'SEND_TIMEOUT' : RestError.REQUEST_SEND_ERROR,
        request,
      });
    case 'response': {
      const headers = createHttpHeaders(reply.headers);
      headers.delete('content-encoding'); // the thread asks for unencoded bodies (it drops Accept-Encoding)
      return { request, status: reply.status, headers, bodyAsText: reply.body };
    }
  }
}
