import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { SlotLedger } from '../../ports/slot-ledger';
import { departingAt, SlotMissedError } from './departure-guard';
import { SendBudget } from './send-budget';
import type { SenderThread } from './sender-thread';
import { SlotGrid } from './slot-grid';
import { SlidingWindowLog, TEAMS_CONVERSATION_LIMITS, type WindowLimit } from './sliding-window-log';

/**
 * Teams throttling, enforced before every request (retries included):
 *  - per tenant, across every bot instance: the tenant's SendBudget, a grid of send times in the shared
 *    database (SlotGrid, SlotLedger). Each request waits for a send time of its own and leaves at that
 *    time (made by the sender thread, when there is one), or takes another if it missed it by more than
 *    `lateToleranceMs`;
 *  - per conversation, in this instance: 7 per 1 s, 8 per 2 s, 60 per 30 s and 1800 per hour. A token bucket
 *    of `burst` tokens refilled one at a time every `refillMs` keeps every sliding window W within
 *    burst + ceil(W / refillMs): with 6 and 2100 ms that is 7 / 1 s, 7 / 2 s, 21 / 30 s, 1721 / h. A
 *    minimum spacing of `spacingMs` smooths the initial burst, and an exact check of the four windows
 *    (SlidingWindowLog) at release holds a request back if a stalled event loop bunched the timers.
 * Limiters and window logs of idle conversations are dropped after `idleMs`.
 */
export interface ConversationLimitPolicy {
  burst: number;
  refillMs: number;
  spacingMs: number;
}

/**
 * Share of the tenant's limit used: 0.99 (49.5 of 50 a second) spaces requests 20.2 ms apart, which leaves
 * 10 ms (SlotGrid.slackMs) for a request to arrive later than the one 50 slots after it: up to 5 ms until the
 * HTTP call (the departure guard), the path to Teams the rest. At 0.995 (5 ms) with a stub connector on its own
 * thread, requests arrived 2.3 ms after their send time at the median but 5 ms at the 99th percentile and up
 * to 18 ms, and a few were one too many in a sliding second. (It was 0.98 per instance, and 25/s per
 * instance with two: 0.96x and 0.94x of the limit at best.)
 */
export const TENANT_HEADROOM = 0.99;
/**
 * Send times claimed per database round trip: about 200 ms of the tenant's sends (10 at 50/s, 2 at 10/s),
 * so a chunk claimed for one waiting request never holds the others back for long (a reminder's wait for
 * its send time must stay well inside its lease).
 */
export function slotsPerClaim(ratePerSecond: number): number {
  return Math.max(1, Math.min(10, Math.round(ratePerSecond * 0.2)));
}
/** A request whose send time passed more than this long ago gives it up and takes another. */
export const LATE_TOLERANCE_MS = 3;
/**
 * ... and one that has not left this long after its send time (botbuilder's turn and HTTP pipeline run in
 * between) is not sent at all, and takes another (departure-guard.ts).
 */
export const DEPARTURE_TOLERANCE_MS = 5;
/**
 * The on-the-wire mark (prepare) starts this long before the request's send time. Short: a process killed
 * between the mark and the request leaves a reminder that is never sent (at most once), so the window is
 * kept to one outbox write; a mark that takes longer makes the request take a later send time.
 */
const PREPARE_LEAD_MS = 50;
/**
 * With a sender thread, a request is started this long before its send time and handed over; the thread
 * holds it until the time (sender-thread.ts), so a stall of this thread shorter than this no longer costs the
 * slot. 50 ms (and an 80 ms mark) was measured too: no fewer slots missed at 10,000 people, and a longer
 * window between the mark and the request.
 */
export const HANDOFF_LEAD_MS = 25;

export const TEAMS_CONVERSATION_POLICY: ConversationLimitPolicy = {
  burst: 6,
  refillMs: 2_100,
  spacingMs: 150,
};

export interface SendRateLimiterOptions {
  /** The tenant's limit, shared by every instance over `ledger` (TEAMS_SEND_RATE_PER_SECOND). */
  ratePerSecond: number;
  /** Where the instances share the tenant budget (the database). */
  ledger: SlotLedger;
  headroom?: number;
  slotsPerClaim?: number;
  lateToleranceMs?: number;
  conversation?: ConversationLimitPolicy;
  /** The exact per-conversation windows checked at release (default: Teams' four). */
  conversationLimits?: readonly WindowLimit[];
  idleMs?: number;
  logger?: Logger;
  /** Makes the HTTP calls at their send times on an event loop of its own (stopped with the limiter). */
  thread?: SenderThread;
  /** How long before its send time a request is handed to the thread (default HANDOFF_LEAD_MS). */
  handoffLeadMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves at `t` (ms since the epoch) by Date.now(), never before it. */
async function until(t: number): Promise<void> {
  for (let wait = t - Date.now(); wait > 0; wait = t - Date.now()) await sleep(Math.ceil(wait));
}

export class SendRateLimiter {
  private readonly grid: SlotGrid;
  private readonly budgets = new Map<string, SendBudget>();
  private readonly conversations: Bottleneck.Group;
  private readonly conversationLog: SlidingWindowLog;
  private readonly lateToleranceMs: number;
  private readonly departureToleranceMs: number;
  /** Send times given up because the request would have left more than lateToleranceMs after them. */
  missedSlots = 0;
  /** ... of which the departure guard refused at the HTTP call (the limiter's own check had let them go). */
  refusedAtDeparture = 0;

  constructor(private readonly options: SendRateLimiterOptions) {
    this.grid = new SlotGrid({
      ratePerSecond: options.ratePerSecond,
      headroom: options.headroom ?? TENANT_HEADROOM,
      chunkSize: options.slotsPerClaim ?? slotsPerClaim(options.ratePerSecond),
    });
    this.lateToleranceMs = options.lateToleranceMs ?? LATE_TOLERANCE_MS;
    this.departureToleranceMs = Math.max(this.lateToleranceMs, DEPARTURE_TOLERANCE_MS);
    const timeout = options.idleMs ?? 300_000;
    this.conversationLog = new SlidingWindowLog(options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS);
    const c = options.conversation ?? TEAMS_CONVERSATION_POLICY;
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
   * Runs one request at a send time of the tenant's budget once the conversation's limits allow it.
   * `prepare` (the outbox's on-the-wire mark) runs just before that time; if it ends too late the request
   * takes a later send time rather than leave late.
   */
  schedule<T>(
    tenantId: string,
    conversationId: string,
    request: () => Promise<T>,
    prepare?: () => Promise<void>,
  ): Promise<T> {
    return this.conversations.key(conversationId).schedule(async () => {
      await this.conversationRoom(conversationId);
      const budget = this.budgetFor(tenantId);
      let slot = await budget.take();
      if (prepare) {
        await until(slot - PREPARE_LEAD_MS);
        await prepare();
      }
      const thread = this.options.thread;
      for (;;) {
        // Handed over early to a sender thread that is running; else started at the send time.
        await until(thread?.ready ? slot - (this.options.handoffLeadMs ?? HANDOFF_LEAD_MS) : slot);
        // Checked and recorded (as at the send time) with no await in between, so nothing else can send in
        // this conversation between the check and the request.
        if (
          Date.now() - slot <= this.lateToleranceMs &&
          this.conversationLog.waitMs(conversationId, slot) === 0
        ) {
          this.conversationLog.record(conversationId, slot);
          try {
            // The request leaves at the send time, or not at all (departure-guard.ts).
            return await departingAt({ at: slot, toleranceMs: this.departureToleranceMs, thread }, request);
          } catch (error) {
            if (!(error instanceof SlotMissedError)) throw error;
            this.refusedAtDeparture++;
          }
        }
        this.missedSlots++;
        await this.conversationRoom(conversationId);
        slot = await budget.take(true);
      }
    });
  }

  /** Send times of this tenant's budget (a new one per tenant seen; the grid is shared). */
  budgetFor(tenantId: string): SendBudget {
    let budget = this.budgets.get(tenantId);
    if (!budget) {
      budget = new SendBudget({
        ledger: this.options.ledger,
        grid: this.grid,
        scope: `teams-send:${tenantId}:${this.grid.id}`,
        logger: this.options.logger,
      });
      this.budgets.set(tenantId, budget);
    }
    return budget;
  }

  private async conversationRoom(conversationId: string): Promise<void> {
    for (
      let wait = this.conversationLog.waitMs(conversationId);
      wait > 0;
      wait = this.conversationLog.waitMs(conversationId)
    )
      await sleep(wait);
  }

  async stop(): Promise<void> {
    await this.options.thread?.stop();
    await Promise.all([...this.budgets.values()].map((b) => b.stop()));
    await Promise.all(
      this.conversations
        .limiters()
        .map((l) => l.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)),
    );
  }
}
