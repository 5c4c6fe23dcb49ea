import { SlidingWindowLog, TEAMS_CONVERSATION_LIMITS } from '../../../src/adapters/teams/sliding-window-log';

describe('sliding window log (the exact check at release)', () => {
  let t = 1_000_000;
  const log = () => new SlidingWindowLog(TEAMS_CONVERSATION_LIMITS, () => t);

  it('when 7 messages went to a conversation within a second, then the 8th waits until the first leaves the window', () => {
    const l = log();
    t = 1_000_000;
    for (let i = 0; i < 7; i++) {
      expect(l.waitMs('c')).toBe(0);
      l.record('c');
      t += 100;
    }
    expect(l.waitMs('c')).toBe(1_000_000 + 1_000 - t + 1);
    expect(l.waitMs('other')).toBe(0);
  });

  it('when 8 went out within 2 seconds, then the 9th waits for the 2-second window', () => {
    const l = log();
    t = 2_000_000;
    for (let i = 0; i < 8; i++) {
      t += 200; // 5 per second: within 7/1 s
      expect(l.waitMs('c')).toBe(0);
      l.record('c');
    }
    t += 200;
    expect(l.waitMs('c')).toBe(2_000_200 + 2_000 - t + 1);
  });

  it('when 60 went out within 30 seconds, then the 61st waits for the 30-second window', () => {
    const l = log();
    t = 3_000_000;
    for (let i = 0; i < 60; i++) {
      t += 300; // 3.3 per second, 6.6 per 2 s: within the shorter windows
      expect(l.waitMs('c')).toBe(0);
      l.record('c');
    }
    t += 300;
    expect(l.waitMs('c')).toBe(3_000_300 + 30_000 - t + 1);
  });

  it('when an hour has passed, then old entries are forgotten', () => {
    const l = log();
    t = 4_000_000;
    for (let i = 0; i < 7; i++) l.record('c');
    t += 3_600_001;
    expect(l.waitMs('c')).toBe(0);
  });

  it('when conversations go quiet for longer than the longest window, then their keys are evicted even if never looked at again', () => {
    t = 5_000_000;
    const l = log();
    for (let i = 0; i < 100; i++) l.record(`quiet-${i}`);
    expect(l.size).toBe(100);
    t += 3_600_000 + 1; // the hour window has passed for all of them
    l.record('busy');
    expect(l.size).toBe(1);
    expect(l.waitMs('busy')).toBe(0);
  });
});
