import { SlotGrid } from '../../../src/adapters/teams/slot-grid';

/** Most times of `times` (sorted) in any half-open window (x - windowMs, x]. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let end = 0, start = 0; end < times.length; end++) {
    while (times[start] <= times[end] - windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('send budget maths (SlotGrid)', () => {
  const grid = new SlotGrid({ ratePerSecond: 50, headroom: 0.995, chunkSize: 10 });

  it('when the tenant limit is 50 a second at 0.995, then slots are 20.1 ms apart, ten to a 201 ms chunk, 49.75 a second', () => {
    expect(grid.spacingMs).toBeCloseTo(1000 / 49.75, 9);
    expect(grid.chunkMs).toBeCloseTo(10_000 / 49.75, 9);
    expect(grid.sendsPerSecond).toBeCloseTo(49.75, 9);
  });

  it('when 50 requests leave on consecutive slots, then the 51st is 5 ms clear of the second that began with the first (the slack for lateness and the path to Teams)', () => {
    expect(grid.slackMs).toBeCloseTo(50 * (1000 / 49.75) - 1000, 9);
    expect(grid.slackMs).toBeGreaterThan(5);
    expect(grid.slackMs).toBeLessThan(5.1);
  });

  it('when chunks are claimed one after another by different instances, then their slots together never put more than 50 in any sliding second', () => {
    const first = grid.firstChunkFrom(Date.parse('2026-11-17T10:00:00Z'));
    const times = Array.from({ length: 40 }, (_, i) => grid.slotTimes(first + i)).flat();
    expect(busiestWindow(times, 1000)).toBe(50);
    expect(grid.maxSlotsIn(1000)).toBe(50);
    // Even every slot 2 ms late except the one 50 slots on (the worst case the late tolerance allows).
    const skewed = times.map((t, i) => (i % 50 === 0 ? t + 2 : t)).sort((a, b) => a - b);
    expect(busiestWindow(skewed, 1000)).toBe(50);
  });

  it('when a chunk ends, then the next one starts one spacing later: the grid has no seams between chunks', () => {
    const c = grid.firstChunkFrom(1_800_000_000_000);
    const [a, b] = [grid.slotTimes(c), grid.slotTimes(c + 1)];
    expect(a).toHaveLength(10);
    for (let i = 1; i < a.length; i++) expect(a[i] - a[i - 1]).toBeCloseTo(grid.spacingMs, 3);
    expect(b[0] - (a.at(-1) as number)).toBeCloseTo(grid.spacingMs, 3);
  });

  it('when asked for the first chunk from a moment, then it starts at or after that moment and the one before it does not', () => {
    for (const t of [1_800_000_000_000, 1_800_000_000_123.4, grid.chunkStart(8_955_000_000)]) {
      const c = grid.firstChunkFrom(t);
      expect(grid.chunkStart(c)).toBeGreaterThanOrEqual(t);
      expect(grid.chunkStart(c - 1)).toBeLessThan(t);
    }
  });

  it('when instances are configured differently, then their grids have different ids (they never share chunk numbers)', () => {
    const ids = [
      grid.id,
      new SlotGrid({ ratePerSecond: 25, headroom: 0.995, chunkSize: 10 }).id,
      new SlotGrid({ ratePerSecond: 50, headroom: 0.995, chunkSize: 5 }).id,
      new SlotGrid({ ratePerSecond: 50, headroom: 0.98, chunkSize: 10 }).id,
    ];
    expect(new Set(ids).size).toBe(4);
  });

  it('when the settings make no sense, then the grid refuses them', () => {
    expect(() => new SlotGrid({ ratePerSecond: 0, headroom: 0.995, chunkSize: 10 })).toThrow(RangeError);
    expect(() => new SlotGrid({ ratePerSecond: 50, headroom: 1.2, chunkSize: 10 })).toThrow(RangeError);
    expect(() => new SlotGrid({ ratePerSecond: 50, headroom: 0.995, chunkSize: 0 })).toThrow(RangeError);
  });
});
