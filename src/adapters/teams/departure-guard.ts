import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The last check before a request to Teams leaves: the send time it was given by the tenant's budget
 * (SendRateLimiter) is carried with the request (AsyncLocalStorage), and a pipeline policy at the end of
 * the connector's HTTP pipeline refuses to send if that time has passed by more than the tolerance. The
 * limiter checks the time before it starts the request, but botbuilder's turn and pipeline run between
 * that check and the HTTP call, and a stall of the event loop there would send the request late: late
 * enough to be one too many in Teams' sliding second. Refused here, the request has not been sent; the
 * limiter gives it another send time.
 */
export class SlotMissedError extends Error {
  constructor(lateMs: number) {
    super(`the request's send time passed ${lateMs.toFixed(1)} ms before it could leave`);
    this.name = 'SlotMissedError';
  }
}

interface Departure {
  /** The send time (ms since the epoch). */
  at: number;
  toleranceMs: number;
}

const departures = new AsyncLocalStorage<Departure>();

/** Runs `request` with its send time attached, for the policy below to check. */
export function departingAt<T>(departure: Departure, request: () => Promise<T>): Promise<T> {
  return departures.run(departure, request);
}

/** The part of an Azure HTTP pipeline policy this needs (botframework-connector's ConnectorClient). */
export interface GuardPolicy {
  name: string;
  sendRequest<R, S>(request: R, next: (request: R) => Promise<S>): Promise<S>;
}

const DEPARTURE_GUARD_POLICY = 'teamsDepartureGuard';

/** Outside departingAt (a request no budget gave a send time) it lets everything through. */
export const departureGuardPolicy: GuardPolicy = {
  name: DEPARTURE_GUARD_POLICY,
  sendRequest(request, next) {
    const departure = departures.getStore();
    const late = departure ? Date.now() - departure.at : 0;
    if (departure && late > departure.toleranceMs) return Promise.reject(new SlotMissedError(late));
    return next(request);
  },
};
