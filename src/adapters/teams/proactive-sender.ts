import type { Activity, ConversationReference } from 'botbuilder';
import { backOff } from 'exponential-backoff';
import type { Logger } from 'pino';
import type { SendHooks } from '../../ports/messenger';
import type { RetryPolicy } from '../retry-policy';
import type { ProactiveTransport } from './bot-connector-transport';
import { classifySendError, statusOf } from './send-errors';
import type { SendMetrics } from './send-metrics';
import type { SendRateLimiter } from './send-rate-limiter';

export type DeliveryResult = 'sent' | 'unreachable' | 'failed';

/** The fields of the shared policy a send uses (a Retry-After longer than maxRetryAfterMs gives up). */
export type SendRetryPolicy = Pick<
  RetryPolicy,
  'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'
>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers one proactive activity within Teams limits: every attempt waits for the rate limiter; 429
 * (after its Retry-After), 412, 502, 503, 504 and network errors are retried with exponential back-off and
 * full jitter up to maxAttempts; 403/404 come back as 'unreachable' at once; anything else 'failed'.
 */
export class ProactiveSender {
  constructor(
    private readonly transport: ProactiveTransport,
    private readonly limiter: SendRateLimiter,
    private readonly retry: SendRetryPolicy,
    private readonly metrics?: SendMetrics,
    private readonly logger?: Logger,
  ) {}

  /**
   * Rejects only when an attempt could not be made: with the error thrown by `hooks.onWire`, or by the rate
   * limiter before the request (the tenant budget's database unreachable, the limiter stopped).
   */
  async send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    hooks?: SendHooks,
  ): Promise<DeliveryResult> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !reference.serviceUrl)
      return this.fail(undefined, 'reference has no conversation');
    const tenantId = reference.conversation?.tenantId ?? 'default';
    let hookFailure: { error: unknown } | undefined;
    const onWire = async (): Promise<void> => {
      try {
        await hooks?.onWire();
      } catch (error) {
        hookFailure = { error };
        throw error;
      }
    };
    try {
      await backOff(
        () =>
          this.transport.send(reference, activity, (request) => {
            let attempted = false;
            const attempt = () => {
              attempted = true;
              return request();
            };
            return this.limiter
              .schedule(tenantId, conversationId, attempt, onWire)
              .catch((error: unknown) => {
                if (!attempted) hookFailure ??= { error };
                throw error;
              });
          }),
        {
          numOfAttempts: this.retry.maxAttempts,
          startingDelay: this.retry.baseDelayMs,
          timeMultiple: 2,
          maxDelay: this.retry.maxDelayMs,
          jitter: 'full',
          retry: (e: unknown, attempt: number) => (hookFailure ? false : this.shouldRetry(e, attempt, hooks)),
        },
      );
      this.metrics?.sent.inc();
      return 'sent';
    } catch (e) {
      if (hookFailure) throw hookFailure.error;
      const c = classifySendError(e);
      if (c.kind === 'unreachable') {
        this.metrics?.unreachable.inc();
        this.logger?.info({ status: c.status }, 'proactive send refused: recipient unreachable');
        return 'unreachable';
      }
      return this.fail(statusOf(e), e instanceof Error ? e.name : 'error');
    }
  }

  private async shouldRetry(e: unknown, attempt: number, hooks?: SendHooks): Promise<boolean> {
    const c = classifySendError(e);
    // 429: Teams throttled the request without taking the message (any other answer might have).
    if (c.kind === 'retry' && c.status === 429) await hooks?.onRefused();
    if (c.kind !== 'retry' || attempt >= this.retry.maxAttempts) return false;
    this.metrics?.retried.inc();
    this.logger?.debug({ status: c.status, attempt }, 'proactive send will be retried');
    if (c.retryAfterMs !== undefined) {
      if (c.retryAfterMs > this.retry.maxRetryAfterMs) return false;
      await sleep(c.retryAfterMs);
    }
    return true;
  }

  private fail(status: number | undefined, reason: string): DeliveryResult {
    this.metrics?.failed.inc();
    this.logger?.warn({ status, reason }, 'proactive send failed');
    return 'failed';
  }
}
