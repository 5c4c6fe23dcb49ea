import type { Pipeline } from '@azure/core-rest-pipeline';
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { departureGuardPolicy } from './departure-guard';

/** Runs the HTTP request itself when the rate limits allow it (see SendRateLimiter). */
export type RequestGate = <T>(request: () => Promise<T>) => Promise<T>;

const OPEN_GATE: RequestGate = (request) => request();

/**
 * One attempt to post one activity into a conversation; throws the connector's error (with statusCode).
 * `gate` wraps just the HTTP request, so the turn set-up before it does not count against the limits.
 */
export interface ProactiveTransport {
  send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    gate?: RequestGate,
  ): Promise<void>;
}

/** The part of botbuilder's CloudAdapter the transport needs. */
export interface ContinueConversationAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/**
 * Sends through CloudAdapter.continueConversationAsync to the reference's serviceUrl (with no app id,
 * botbuilder sends without a token: only for local runs and tests). botbuilder's connector has its own
 * retry policy (3 hidden retries); it is removed so our sender alone decides attempts and back-off, and the
 * departure guard is added (prepareConnector).
 */
export class BotConnectorTransport implements ProactiveTransport {
  constructor(
    private readonly adapter: ContinueConversationAdapter,
    private readonly botAppId: string,
    /**
     * A connector that never answers fails the attempt after this long. Not retried (the message may
     * still arrive), so a slow connector can never produce a duplicate card.
     */
    private readonly requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  async send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    gate: RequestGate = OPEN_GATE,
  ): Promise<void> {
    // The error is caught inside the turn: an adapter's onTurnError would otherwise swallow it.
    let failure: unknown;
    let delivered = false;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      try {
        prepareConnector(context);
        await gate(() => withDeadline(context.sendActivity(activity), this.requestTimeoutMs));
        delivered = true;
      } catch (e) {
        failure = e;
      }
    });
    if (failure instanceof Error) throw failure;
    if (failure !== undefined) throw new Error('proactive send failed', { cause: failure });
    if (!delivered) throw new Error('the proactive turn ended without sending');
  }
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

function withDeadline<T>(request: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`the Bot Connector did not answer within ${ms} ms`), {
            code: 'SEND_TIMEOUT',
          }),
        ),
      ms,
    );
  });
  return Promise.race([request, deadline]).finally(() => clearTimeout(timer));
}

/** Pipelines already prepared: connector clients are reused between sends (reused-connector-clients.ts). */
const prepared = new WeakSet<Pipeline>();

/**
 * botbuilder's hidden retries are removed, and the departure guard (departure-guard.ts) is made the last
 * policy before the HTTP call; once per connector pipeline.
 */
function prepareConnector(context: TurnContext): void {
  const adapter = context.adapter as unknown as { ConnectorClientKey?: symbol };
  if (!adapter.ConnectorClientKey) return;
  const connector: unknown = context.turnState.get(adapter.ConnectorClientKey);
  const pipeline = (connector as { client?: { pipeline?: Pipeline } } | undefined)?.client?.pipeline;
  if (!pipeline || prepared.has(pipeline)) return;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy(departureGuardPolicy, { afterPhase: 'Sign' });
  prepared.add(pipeline);
}
