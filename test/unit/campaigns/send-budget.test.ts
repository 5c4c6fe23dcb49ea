import { SendBudget } from '../../../src/adapters/teams/send-budget';
import { SlotGrid } from '../../../src/adapters/teams/slot-grid';
import { StoreUnavailableError } from '../../../src/errors';
import type { SlotClaim, SlotLedger } from '../../../src/ports/slot-ledger';
import { memorySlotLedger } from '../../support/memory-slot-ledger';

const grid = new SlotGrid({ ratePerSecond: 50, headroom: 0.995, chunkSize: 10 });
const budget = (ledger: SlotLedger, extra: Partial<ConstructorParameters<typeof SendBudget>[0]> = {}) =>
  new SendBudget({ ledger, grid, scope: 'teams-send:t1:test', ...extra });

/** A ledger that counts what it is asked and can be made to fail. */
class CountingLedger implements SlotLedger {
  claims: number[] = [];
  sweeps = 0;
  failing = false;
  private readonly inner = memorySlotLedger();
  claim(scope: string, seq: number, at: Date, expiresAt: Date): Promise<boolean> {
    if (this.failing) return Promise.reject(new StoreUnavailableError(new Error('down')));
    this.claims.push(seq);
    return this.inner.claim(scope, seq, at, expiresAt);
  }
  latest(scope: string, n: number): Promise<SlotClaim[]> {
    return this.inner.latest(scope, n);
  }
  sweep(now: Date): Promise<number> {
    this.sweeps++;
    return this.inner.sweep(now);
  }
}

describe('send budget (one instance view of the tenant budget)', () => {
  const budgets: SendBudget[] = [];
  const make = (...args: Parameters<typeof budget>) => {
    const b = budget(...args);
    budgets.push(b);
    return b;
  };
  afterEach(async () => {
    for (const b of budgets.splice(0)) await b.stop();
  });

  it('when two instances take 120 send times from one ledger, then no time is given twice and all are on the grid, in the future, at least one spacing apart', async () => {
    const ledger = memorySlotLedger();
    const [a, b] = [make(ledger), make(ledger)];
    const before = Date.now();
    const times = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).take()));
    expect(new Set(times).size).toBe(120);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(before);
    const sorted = [...times].sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(grid.spacingMs - 1e-3);
    // Ten to a chunk: one round trip each, plus the chunks the other instance had already taken.
    expect(a.stats.won + b.stats.won).toBeGreaterThanOrEqual(12);
    expect(a.stats.won + b.stats.won).toBeLessThanOrEqual(14);
  });

  it('when nobody is waiting, then no chunk is claimed; one send claims one chunk and keeps the rest of it for the next sends', async () => {
    const ledger = new CountingLedger();
    const b = make(ledger);
    await new Promise((r) => setTimeout(r, 100));
    expect(ledger.claims).toHaveLength(0);
    const first = await b.take();
    expect(ledger.claims).toHaveLength(1);
    const second = await b.take();
    expect(ledger.claims).toHaveLength(1);
    expect(second - first).toBeCloseTo(grid.spacingMs, 3);
  });

  it('when many senders wait, then chunks are claimed no further ahead than the lookahead', async () => {
    const ledger = new CountingLedger();
    const b = make(ledger, { lookaheadMs: 400 });
    const start = Date.now();
    const pending = Array.from({ length: 60 }, () => b.take());
    await new Promise((r) => setTimeout(r, 150));
    // After 150 ms: chunks up to about 550 ms from the start, never the 1.2 s that 60 sends need.
    const furthest = Math.max(...ledger.claims.map((c) => grid.chunkStart(c)));
    expect(furthest - start).toBeLessThanOrEqual(150 + 400 + 50);
    await Promise.all(pending);
  });

  it('when the database cannot be reached, then waiting senders fail with its error, and the next take tries again', async () => {
    const ledger = new CountingLedger();
    ledger.failing = true;
    const b = make(ledger);
    await expect(b.take()).rejects.toBeInstanceOf(StoreUnavailableError);
    ledger.failing = false;
    await expect(b.take()).resolves.toBeGreaterThan(0);
  });

  it('when the budget is in use, then expired claims are swept every sweep interval', async () => {
    const ledger = new CountingLedger();
    const b = make(ledger, { sweepEveryMs: 100 });
    await b.take();
    expect(ledger.sweeps).toBe(1);
    await Promise.all(Array.from({ length: 25 }, () => b.take())); // two more chunks at once: not due yet
    expect(ledger.sweeps).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    await Promise.all(Array.from({ length: 25 }, () => b.take()));
    expect(ledger.sweeps).toBe(2);
  });

  it('when a slot time has passed before anyone took it, then it is dropped rather than handed out late', async () => {
    const ledger = memorySlotLedger();
    const b = make(ledger);
    await b.take(); // claims a chunk of ten; nine are kept
    await new Promise((r) => setTimeout(r, 400)); // all nine have passed
    const next = await b.take();
    expect(next).toBeGreaterThanOrEqual(Date.now() - 5);
    expect(b.stats.dropped).toBe(9);
  });

  it('when a sender missed its send time and asks again, then it is served before senders already waiting', async () => {
    const b = make(memorySlotLedger(), { lookaheadMs: 0 });
    const waiting = b.take();
    const missed = b.take(true);
    const [w, m] = await Promise.all([waiting, missed]);
    expect(m).toBeLessThan(w);
  });

  it('when stopped, then waiting senders are refused', async () => {
    const b = make(memorySlotLedger(), { lookaheadMs: 0, leadMs: 5_000 });
    const refused = expect(b.take()).rejects.toThrow('send budget stopped');
    await b.stop();
    await refused;
    await expect(b.take()).rejects.toThrow('send budget stopped');
  });
});
