import { createPreciseClock } from '../../../src/adapters/teams/precise-clock';

/** The sender thread's clock (src/adapters/teams/precise-clock.ts), on a wall clock and a monotonic clock we move. */
describe('precise clock', () => {
  function clocks(): { wall: number; mono: number; now: () => number } {
    const c = { wall: 1_000_000, mono: 50, now: () => 0 };
    c.now = createPreciseClock(
      () => Math.floor(c.wall),
      () => c.mono,
    );
    return c;
  }

  it('when time passes normally, then it reads the wall clock with the fraction of a millisecond', () => {
    const c = clocks();
    c.wall += 12.25;
    c.mono += 12.25;
    expect(c.now()).toBeCloseTo(1_000_012.25, 6);
  });

  it('when the wall clock is stepped forward (a clock sync), then it follows the wall clock at once, so a send time already passed is seen as passed', () => {
    const c = clocks();
    c.wall += 15_000 + 10; // 10 ms pass, and the wall clock is stepped 15 s; the monotonic clock sees 10 ms
    c.mono += 10;
    expect(c.now()).toBe(1_015_010);
    c.wall += 2.5;
    c.mono += 2.5;
    expect(c.now()).toBeCloseTo(1_015_012.5, 6);
  });

  it('when the wall clock is stepped back, then it follows it back', () => {
    const c = clocks();
    c.wall += -3_000 + 1;
    c.mono += 1;
    expect(c.now()).toBe(997_001);
  });
});
