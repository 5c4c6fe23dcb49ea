import type { Logger } from 'pino';
import type { SlotLedger } from '../../ports/slot-ledger';
import type { SlotGrid } from './slot-grid';

export interface SendBudgetOptions {
  ledger: SlotLedger;
  grid: SlotGrid;
  /** Whose budget: the tenant (with the grid's id, so differently configured instances never share chunks). */
  scope: string;
  /** A chunk is claimed only if it starts at least this long from now (room for the claim's round trip). */
  leadMs?: number;
  /** Chunks are claimed at most this far ahead (waiting senders beyond it wait for time to pass); at least lead + one chunk. */
  lookaheadMs?: number;
  /** Expired chunk claims are swept this often while the budget is in use. */
  sweepEveryMs?: number;
  /** How long a chunk's claim is kept after its start (any instance may sweep it afterwards). */
  keepMs?: number;
  now?: () => number;
  logger?: Logger;
}

interface Waiter {
  resolve(slot: number): void;
  reject(error: unknown): void;
}

/**
 * One instance's view of the tenant's shared send budget (SlotGrid over a SlotLedger). `take()` hands out
 * one future send time; behind it the budget claims chunks of the grid, one insert per chunk, only while
 * senders are waiting, never more than `lookaheadMs` ahead, skipping chunks other instances hold. Slots it
 * holds whose time has passed are dropped (never sent late: lateness is what would break the limit).
 */
export class SendBudget {
  private readonly slots: number[] = [];
  private readonly waiters: Waiter[] = [];
  /** The claim loop: runs while senders wait (set and cleared with no await around the check). */
  private claiming?: Promise<void>;
  private running = false;
  /** Ends the loop's wait for time to pass (on stop). */
  private wake?: () => void;
  /** Lowest chunk not yet known to be taken (by us or anyone). */
  private nextChunk = 0;
  private lastSweep = 0;
  private stopped = false;
  private readonly leadMs: number;
  private readonly lookaheadMs: number;
  private readonly sweepEveryMs: number;
  private readonly keepMs: number;
  private readonly now: () => number;
  /** Round trips made and chunks won, for tests and metrics. */
  readonly stats = { claims: 0, won: 0, dropped: 0 };

  constructor(private readonly options: SendBudgetOptions) {
    this.leadMs = options.leadMs ?? 40;
    // Never less than the lead plus one chunk, or no chunk would ever be near enough to claim.
    this.lookaheadMs = Math.max(options.lookaheadMs ?? 1_000, this.leadMs + options.grid.chunkMs);
    this.sweepEveryMs = options.sweepEveryMs ?? 10_000;
    this.keepMs = options.keepMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A send time (ms since the epoch) that is this caller's alone across every instance. `first`: the caller
   * missed the send time it had, so it goes before the others waiting (it has waited longest).
   */
  take(first = false): Promise<number> {
    if (this.stopped) return Promise.reject(new Error('send budget stopped'));
    this.dropPast();
    const slot = this.slots.shift();
    if (slot !== undefined && this.waiters.length === 0) return Promise.resolve(slot);
    if (slot !== undefined) this.slots.unshift(slot);
    return new Promise<number>((resolve, reject) => {
      if (first) this.waiters.unshift({ resolve, reject });
      else this.waiters.push({ resolve, reject });
      if (!this.running) {
        this.running = true;
        this.claiming = this.claimWhileWaited();
      }
    });
  }

  /** Rejects everyone still waiting; later takes fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('send budget stopped'));
    this.wake?.();
    await this.claiming;
  }

  private async claimWhileWaited(): Promise<void> {
    const { ledger, grid, scope } = this.options;
    try {
      for (;;) {
        this.dropPast();
        this.handOut();
        if (this.stopped || this.waiters.length === 0) {
          this.running = false;
          return;
        }
        const now = this.now();
        const chunk = Math.max(this.nextChunk, grid.firstChunkFrom(now + this.leadMs));
        const start = grid.chunkStart(chunk);
        if (start > now + this.lookaheadMs) {
          await this.sleep(start - now - this.lookaheadMs);
          continue;
        }
        this.nextChunk = chunk + 1;
        this.stats.claims++;
        const won = await ledger.claim(scope, chunk, new Date(start), new Date(start + this.keepMs));
        if (won) {
          this.stats.won++;
          this.slots.push(...grid.slotTimes(chunk));
        }
        await this.sweepWhenDue();
      }
    } catch (error) {
      this.running = false;
      // The database could not be asked: nobody waiting can be given a slot. They fail now (the send is not
      // attempted); the next take() tries again.
      for (const w of this.waiters.splice(0)) w.reject(error);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Slots go to waiters first come, first served, earliest slot first. */
  private handOut(): void {
    while (this.waiters.length > 0 && this.slots.length > 0) {
      const slot = this.slots.shift() as number;
      (this.waiters.shift() as Waiter).resolve(slot);
    }
  }

  private dropPast(): void {
    const now = this.now();
    while (this.slots.length > 0 && this.slots[0] < now) {
      this.slots.shift();
      this.stats.dropped++;
    }
  }

  private async sweepWhenDue(): Promise<void> {
    const now = this.now();
    if (now - this.lastSweep < this.sweepEveryMs) return;
    this.lastSweep = now;
    try {
      await this.options.ledger.sweep(new Date(now));
    } catch (err) {
      this.options.logger?.warn({ err }, 'expired send slots could not be swept; tried again later');
    }
  }
}
