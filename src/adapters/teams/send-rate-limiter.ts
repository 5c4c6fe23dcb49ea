import Bottleneck from 'bottleneck';
import { SlidingWindowLog, TEAMS_CONVERSATION_LIMITS, type WindowLimit } from './sliding-window-log';

/**
 * Teams throttling, enforced with Bottleneck before every request (retries included):
 *  - per tenant: at most `ratePerSecond` requests per second (about 50 for an app, research.md), as a
 *    minimum spacing between request starts of 1000 / (rate * 0.98) ms: the 2% headroom absorbs network
 *    and event-loop jitter, so requests still arrive below the limit in every sliding second;
 *  - per conversation: 7 per 1 s, 8 per 2 s, 60 per 30 s and 1800 per hour. A token bucket of
 *    `burst` tokens refilled one at a time every `refillMs` keeps every sliding window W within
 *    burst + ceil(W / refillMs): with 6 and 2100 ms that is 7 / 1 s, 7 / 2 s, 21 / 30 s, 1721 / h.
 *    A minimum spacing of `spacingMs` smooths the initial burst.
 * Limiters for idle conversations are dropped after `idleMs` (Bottleneck.Group timeout).
 * At the moment of release an exact sliding-window check (SlidingWindowLog) of the tenant rate and the
 * four conversation limits holds the request back if a stalled event loop let Bottleneck's timers bunch.
 */
export interface ConversationLimitPolicy {
  burst: number;
  refillMs: number;
  spacingMs: number;
}

/**
 * Share of `ratePerSecond` actually used. The exact sliding-window check at release already keeps every
 * client-side second at or under the limit, so the headroom only has to absorb arrival jitter between here
 * and Teams: 2% (49 of 50 a second). It was 10% (43.5/s), which capped broadcasts at 0.87x of the limit.
 */
const TENANT_HEADROOM = 0.98;

export const TEAMS_CONVERSATION_POLICY: ConversationLimitPolicy = {
  burst: 6,
  refillMs: 2_100,
  spacingMs: 150,
};

export interface SendRateLimiterOptions {
  ratePerSecond: number;
  conversation?: ConversationLimitPolicy;
  /** The exact per-conversation windows checked at release (default: Teams' four). */
  conversationLimits?: readonly WindowLimit[];
  idleMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class SendRateLimiter {
  private readonly tenants: Bottleneck.Group;
  private readonly conversations: Bottleneck.Group;
  private readonly tenantLog: SlidingWindowLog;
  private readonly conversationLog: SlidingWindowLog;

  constructor(options: SendRateLimiterOptions) {
    const perSecond = Math.max(1, Math.floor(options.ratePerSecond * TENANT_HEADROOM));
    this.tenantLog = new SlidingWindowLog([
      { limit: perSecond, windowMs: 1_000 },
      // Also smooth within the second: requests released together arrive with jitter, and a burst at the
      // edge of one second plus jitter is what Teams counts as too many in the next.
      { limit: 1, windowMs: Math.floor(500 / perSecond) },
    ]);
    this.conversationLog = new SlidingWindowLog(options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS);
    const c = options.conversation ?? TEAMS_CONVERSATION_POLICY;
    const timeout = options.idleMs ?? 300_000;
    this.tenants = new Bottleneck.Group({
      minTime: 1000 / (options.ratePerSecond * TENANT_HEADROOM),
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

  /**
   * Runs one request once both the conversation's and the tenant's limits allow it. `prepare` (the
   * outbox's on-the-wire mark) runs once there is room, and the exact check is made again after it, so its
   * latency can neither bunch requests past the limit nor (normally) leave a marked request waiting.
   */
  schedule<T>(
    tenantId: string,
    conversationId: string,
    request: () => Promise<T>,
    prepare?: () => Promise<void>,
  ): Promise<T> {
    return this.conversations.key(conversationId).schedule(() =>
      this.tenants.key(tenantId).schedule(async () => {
        if (prepare) {
          await this.room(tenantId, conversationId);
          await prepare();
        }
        // Checked and recorded with no await in between, so concurrent releases cannot both take the last
        // slot (room() is not used here: awaiting it would put a turn of the event loop in between).
        for (
          let wait = this.waitMs(tenantId, conversationId);
          wait > 0;
          wait = this.waitMs(tenantId, conversationId)
        )
          await sleep(wait);
        this.tenantLog.record(tenantId);
        this.conversationLog.record(conversationId);
        return request();
      }),
    );
  }

  /** Resolves once one more request fits every window (it may no longer fit by the time the caller runs). */
  private async room(tenantId: string, conversationId: string): Promise<void> {
    for (
      let wait = this.waitMs(tenantId, conversationId);
      wait > 0;
      wait = this.waitMs(tenantId, conversationId)
    )
      await sleep(wait);
  }

  private waitMs(tenantId: string, conversationId: string): number {
    return Math.max(this.tenantLog.waitMs(tenantId), this.conversationLog.waitMs(conversationId));
  }

  async stop(): Promise<void> {
    const limiters = [...this.tenants.limiters(), ...this.conversations.limiters()];
    await Promise.all(limiters.map((l) => l.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
  }
}
