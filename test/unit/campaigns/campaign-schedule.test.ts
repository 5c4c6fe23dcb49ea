import fc from 'fast-check';
import {
  DEFAULT_OFFSETS_DAYS,
  DEFAULT_SENDING_WINDOW,
  currentReminder,
  isWithinWindow,
  nextAllowedTime,
  nextReminder,
  planReminders,
  snooze,
  validateOffsets,
  validateSendingWindow,
} from '../../../src/domain/campaign-schedule';
import { fromLocal, toLocal } from '../../../src/domain/campaign-time';

const TZ = 'Europe/London';
const utc = (iso: string): Date => new Date(iso);
const W = DEFAULT_SENDING_WINDOW;

/** A fake clock the tests move by hand. */
class FakeClock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

describe('campaign schedule: sending window (quiet hours)', () => {
  it('when a time is inside Monday-Friday 09:00-17:00 London, then it is used as is', () => {
    const t = utc('2026-11-18T14:30:00Z'); // Wednesday 14:30 GMT
    expect(nextAllowedTime(t, W, TZ)).toEqual(t);
  });

  it('when it is Friday at 17:00, then the reminder moves to Monday 09:00', () => {
    expect(nextAllowedTime(utc('2026-11-20T17:00:00Z'), W, TZ)).toEqual(utc('2026-11-23T09:00:00Z'));
  });

  it('when it is Saturday, then the reminder moves to Monday 09:00', () => {
    expect(nextAllowedTime(utc('2026-11-21T11:00:00Z'), W, TZ)).toEqual(utc('2026-11-23T09:00:00Z'));
  });

  it('when it is early morning on a weekday, then the reminder waits for 09:00 that day', () => {
    expect(nextAllowedTime(utc('2026-11-18T06:10:00Z'), W, TZ)).toEqual(utc('2026-11-18T09:00:00Z'));
  });

  it('when it is 08:30 GMT in summer (09:30 BST), then it is inside the window', () => {
    expect(isWithinWindow(utc('2026-07-15T08:30:00Z'), W, TZ)).toBe(true);
    expect(isWithinWindow(utc('2026-07-15T16:30:00Z'), W, TZ)).toBe(false); // 17:30 BST
  });

  it('when the window is configured for weekends only, then weekdays move to Saturday', () => {
    const weekend = { start: '10:00', end: '12:00', days: [6, 7] };
    expect(nextAllowedTime(utc('2026-11-18T14:30:00Z'), weekend, TZ)).toEqual(utc('2026-11-21T10:00:00Z'));
  });

  it('when a window is malformed, then validation names the problem', () => {
    expect(validateSendingWindow({ start: '17:00', end: '09:00', days: [1] })).toEqual([
      'the end time must be later than the start time',
    ]);
    expect(validateSendingWindow({ start: '9am', end: '17:00', days: [] })).toHaveLength(2);
    expect(validateSendingWindow(W)).toEqual([]);
    expect(validateOffsets([])).toHaveLength(1);
    expect(validateOffsets([3, -1])).toHaveLength(1);
    expect(validateOffsets(DEFAULT_OFFSETS_DAYS)).toEqual([]);
  });

  it('for any instant, then the next allowed time is not earlier and lies inside the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }), (ms) => {
        const t = new Date(ms);
        const n = nextAllowedTime(t, W, TZ);
        expect(n.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(isWithinWindow(n, W, TZ)).toBe(true);
        expect(n.getTime() - t.getTime()).toBeLessThan(4 * 86_400_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('campaign schedule: reminders before a deadline', () => {
  // Tuesday 1 December 2026, 17:00 GMT
  const deadline = utc('2026-12-01T17:00:00Z');

  it('when offsets are the defaults, then weekend reminders move to Monday and a collision keeps the later one', () => {
    const plan = planReminders(deadline, DEFAULT_OFFSETS_DAYS, W, TZ);
    expect(plan.map((r) => [r.reminder, r.dueAt.toISOString()])).toEqual([
      ['d14', '2026-11-17T09:00:00.000Z'],
      ['d7', '2026-11-24T09:00:00.000Z'],
      // d3 fell on Saturday 28th and moved to Monday 30th, the same moment as d1: d1 is kept
      ['d1', '2026-11-30T09:00:00.000Z'],
      ['d0', '2026-12-01T09:00:00.000Z'],
    ]);
  });

  it('when the deadline is before the window opens on the day, then the on-the-day reminder is dropped', () => {
    const early = utc('2026-12-01T08:00:00Z');
    const plan = planReminders(early, [1, 0], W, TZ);
    expect(plan.map((r) => r.reminder)).toEqual(['d1']);
  });

  it('across the March clock change, then reminders stay at 09:00 local time (GMT before, BST after)', () => {
    // Clocks go forward on Sunday 29 March 2026; deadline Wednesday 1 April 12:00 BST.
    const d = fromLocal({ year: 2026, month: 4, day: 1 }, 12, 0, TZ);
    expect(d.toISOString()).toBe('2026-04-01T11:00:00.000Z');
    const plan = planReminders(d, [7, 3, 1, 0], W, TZ);
    expect(plan.map((r) => [r.reminder, r.dueAt.toISOString()])).toEqual([
      ['d7', '2026-03-25T09:00:00.000Z'], // Wednesday, GMT
      ['d3', '2026-03-30T08:00:00.000Z'], // Sunday 29th -> Monday 30th 09:00 BST
      ['d1', '2026-03-31T08:00:00.000Z'],
      ['d0', '2026-04-01T08:00:00.000Z'],
    ]);
    for (const r of plan) expect(toLocal(r.dueAt, TZ).hour).toBe(9);
  });

  it('across the October clock change, then reminders stay at 09:00 local time (BST before, GMT after)', () => {
    // Clocks go back on Sunday 25 October 2026; deadline Tuesday 27 October 17:00 GMT.
    const d = utc('2026-10-27T17:00:00Z');
    const plan = planReminders(d, [7, 2, 1], W, TZ);
    expect(plan.map((r) => [r.reminder, r.dueAt.toISOString()])).toEqual([
      ['d7', '2026-10-20T08:00:00.000Z'], // BST
      ['d1', '2026-10-26T09:00:00.000Z'], // d2 (Sunday 25th) moved onto Monday 26th and merged with d1; GMT
    ]);
  });

  it('when a window opens inside the spring-forward gap, then it opens at the same wall time after the change', () => {
    const w = { start: '01:30', end: '03:00', days: [1, 2, 3, 4, 5, 6, 7] };
    const n = nextAllowedTime(utc('2026-03-29T00:10:00Z'), w, TZ);
    expect(n.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
  });

  it('when a window opens at a repeated autumn time, then the first occurrence is used', () => {
    const w = { start: '01:30', end: '03:00', days: [1, 2, 3, 4, 5, 6, 7] };
    const n = nextAllowedTime(utc('2026-10-24T23:00:00Z'), w, TZ);
    expect(n.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
  });

  it('when a fake clock walks hour by hour to the deadline, then each reminder becomes current exactly once, in order', () => {
    const plan = planReminders(deadline, DEFAULT_OFFSETS_DAYS, W, TZ);
    const clock = new FakeClock(utc('2026-11-10T00:00:00Z'));
    const seen: string[] = [];
    while (clock.now() < utc('2026-12-03T00:00:00Z')) {
      const r = currentReminder(plan, clock.now(), deadline);
      if (r && seen[seen.length - 1] !== r.reminder) seen.push(r.reminder);
      clock.advance(3_600_000);
    }
    expect(seen).toEqual(['d14', 'd7', 'd1', 'd0']);
  });

  it('when the deadline has passed, then no reminder is current and none is next', () => {
    const plan = planReminders(deadline, DEFAULT_OFFSETS_DAYS, W, TZ);
    expect(currentReminder(plan, utc('2026-12-01T16:59:00Z'), deadline)?.reminder).toBe('d0');
    expect(currentReminder(plan, deadline, deadline)).toBeUndefined();
    expect(nextReminder(plan, deadline)).toBeUndefined();
    expect(nextReminder(plan, utc('2026-11-18T10:00:00Z'))?.reminder).toBe('d7');
  });
});

describe('campaign schedule: "Remind me tomorrow"', () => {
  const deadline = utc('2026-12-01T17:00:00Z');

  it('when snoozed on a Wednesday afternoon, then the reminder comes back Thursday at 09:00', () => {
    expect(snooze(utc('2026-11-18T15:00:00Z'), 0, deadline, W, TZ)).toEqual({
      ok: true,
      reminder: 'snooze-1',
      dueAt: utc('2026-11-19T09:00:00Z'),
      remaining: 2,
    });
  });

  it('when snoozed on a Friday, then the reminder comes back on Monday', () => {
    const d = snooze(utc('2026-11-20T10:00:00Z'), 1, deadline, W, TZ);
    expect(d).toMatchObject({
      ok: true,
      reminder: 'snooze-2',
      dueAt: utc('2026-11-23T09:00:00Z'),
      remaining: 1,
    });
  });

  it('when three snoozes are used, then a fourth is refused', () => {
    expect(snooze(utc('2026-11-18T15:00:00Z'), 2, deadline, W, TZ)).toMatchObject({ ok: true, remaining: 0 });
    expect(snooze(utc('2026-11-18T15:00:00Z'), 3, deadline, W, TZ)).toEqual({ ok: false, reason: 'limit' });
  });

  it('when tomorrow is after the deadline, then snoozing is refused', () => {
    expect(snooze(utc('2026-12-01T10:00:00Z'), 0, deadline, W, TZ)).toEqual({
      ok: false,
      reason: 'deadline',
    });
  });
});
