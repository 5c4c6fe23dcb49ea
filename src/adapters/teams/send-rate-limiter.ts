import Bottleneck from 'bottleneck';

/**
 * Teams throttling, enforced with Bottleneck before every request (retries included):
 *  - per tenant: at most `ratePerSecond` requests per second (about 50 for an app, research.md), as a
 *    minimum spacing between request starts of 1000 / (rate * 0.9) ms: the 10% headroom absorbs network
 *    and event-loop jitter, so requests still arrive below the limit in every sliding second;
 *  - per conversation: 7 per 1 s, 8 per 2 s, 60 per 30 s and 1800 per hour. A token bucket of
 *    `burst` tokens refilled one at a time every `refillMs` keeps every sliding window W within
 *    burst + ceil(W / refillMs): with 6 and 2100 ms that is 7 / 1 s, 7 / 2 s, 21 / 30 s, 1721 / h.
 *    A minimum spacing of `spacingMs` smooths the initial burst.
 * Limiters for idle conversations are dropped after `idleMs` (Bottleneck.Group timeout).
 */
export interface ConversationLimitPolicy {
  burst: number;
  refillMs: number;
  spacingMs: number;
}

const TENANT_HEADROOM = 0.9;

export const TEAMS_CONVERSATION_POLICY: ConversationLimitPolicy = {
  burst: 6,
  refillMs: 2_100,
  spacingMs: 150,
};

export interface SendRateLimiterOptions {
  ratePerSecond: number;
  conversation?: ConversationLimitPolicy;
  idleMs?: number;
}

export class SendRateLimiter {
  private readonly tenants: Bottleneck.Group;
  private readonly conversations: Bottleneck.Group;

  constructor(options: SendRateLimiterOptions) {
    const c = options.conversation ?? TEAMS_CONVERSATION_POLICY;
    const timeout = options.idleMs ?? 300_000;
    this.tenants = new Bottleneck.Group({
      minTime: Math.ceil(1000 / (options.ratePerSecond * TENANT_HEADROOM)),
      timeout,
    });
    this.conversations = new Bottleneck.Group({
      minTime: c.spacingMs,
      reservoir: c.burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: c.refillMs,
      reservoirIncreaseMaximum: c.burst,
      timeout,
    });
  }

  /** Runs one request once both the conversation's and the tenant's limits allow it. */
  schedule<T>(tenantId: string, conversationId: string, request: () => Promise<T>): Promise<T> {
    return this.conversations
      .key(conversationId)
      .schedule(() => this.tenants.key(tenantId).schedule(request));
  }

  async stop(): Promise<void> {
    const limiters = [...this.tenants.limiters(), ...this.conversations.limiters()];
    await Promise.all(limiters.map((l) => l.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
  }
}
