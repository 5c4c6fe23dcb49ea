import { addLocalDays, fromLocal, localDateOf, weekdayOf, type LocalDate } from './campaign-time';

/**
 * When campaign reminders go out. Pure: every function takes "now", the deadline and the time zone.
 * Reminders are only sent inside the sending window (the complement of the quiet hours): by default
 * 09:00-17:00 Monday to Friday, local time. A reminder due outside the window moves to the start of
 * the next window; one that would then land at or after the deadline is dropped.
 */
export interface SendingWindow {
  /** Local time the window opens, "HH:MM" (24-hour). */
  start: string;
  /** Local time the window closes (exclusive), "HH:MM", later than start. */
  end: string;
  /** ISO weekdays on which sending is allowed: 1 = Monday ... 7 = Sunday. */
  days: readonly number[];
}

export const DEFAULT_SENDING_WINDOW: SendingWindow = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] };
/** Days before the deadline; 0 = on the day. */
export const DEFAULT_OFFSETS_DAYS: readonly number[] = [14, 7, 3, 1, 0];
export const MAX_SNOOZES = 3;

export interface PlannedReminder {
  /** Stable name used in the outbox key: 'd14', 'd7', ... 'd0'. */
  reminder: string;
  offsetDays: number;
  dueAt: Date;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseHhMm(v: string): { hour: number; minute: number } {
  const m = HHMM.exec(v);
  if (!m) throw new RangeError(`not a HH:MM time: ${v}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Problems with a sending window, in plain words (empty when valid). */
export function validateSendingWindow(w: SendingWindow): string[] {
  const problems: string[] = [];
  if (!HHMM.test(w.start)) problems.push('the start time must look like 09:00');
  if (!HHMM.test(w.end)) problems.push('the end time must look like 17:00');
  if (problems.length === 0 && w.start >= w.end)
    problems.push('the end time must be later than the start time');
  if (w.days.length === 0 || w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    problems.push('choose at least one day of the week');
  }
  return problems;
}

/** Problems with reminder offsets (days before the deadline). */
export function validateOffsets(offsets: readonly number[]): string[] {
  if (offsets.length === 0) return ['give at least one reminder'];
  if (offsets.some((o) => !Number.isInteger(o) || o < 0 || o > 365)) {
    return ['reminder offsets must be whole days between 0 and 365'];
  }
  return [];
}

function windowOn(d: LocalDate, w: SendingWindow, tz: string): { open: Date; close: Date } {
  const s = parseHhMm(w.start);
  const e = parseHhMm(w.end);
  return { open: fromLocal(d, s.hour, s.minute, tz), close: fromLocal(d, e.hour, e.minute, tz) };
}

export function isWithinWindow(t: Date, w: SendingWindow, tz: string): boolean {
  const d = localDateOf(t, tz);
  if (!w.days.includes(weekdayOf(d))) return false;
  const { open, close } = windowOn(d, w, tz);
  return t.getTime() >= open.getTime() && t.getTime() < close.getTime();
}

/** `t` itself when it is inside the window, else the start of the next window. */
export function nextAllowedTime(t: Date, w: SendingWindow, tz: string): Date {
  if (validateSendingWindow(w).length > 0) throw new RangeError('invalid sending window');
  let d = localDateOf(t, tz);
  for (let i = 0; i < 8; i++, d = addLocalDays(d, 1)) {
    if (!w.days.includes(weekdayOf(d))) continue;
    const { open, close } = windowOn(d, w, tz);
    if (t.getTime() < open.getTime()) return open;
    if (t.getTime() < close.getTime()) return t;
  }
  /* istanbul ignore next: a valid window always opens within 8 days */
  throw new RangeError('no sending window within a week');
}

/**
 * Every reminder of a campaign, in time order: offset N is due at the window opening N local days before
 * the deadline's date, moved into the next window. Reminders at or after the deadline are dropped; when
 * two land on the same moment, the one nearer the deadline is kept.
 */
export function planReminders(
  deadline: Date,
  offsetsDays: readonly number[],
  w: SendingWindow,
  tz: string,
): PlannedReminder[] {
  const deadlineDate = localDateOf(deadline, tz);
  const start = parseHhMm(w.start);
  const byTime = new Map<number, PlannedReminder>();
  const offsets = [...new Set(offsetsDays)].sort((a, b) => b - a);
  for (const offsetDays of offsets) {
    const nominal = fromLocal(addLocalDays(deadlineDate, -offsetDays), start.hour, start.minute, tz);
    const dueAt = nextAllowedTime(nominal, w, tz);
    if (dueAt.getTime() >= deadline.getTime()) continue;
    byTime.set(dueAt.getTime(), { reminder: `d${offsetDays}`, offsetDays, dueAt });
  }
  return [...byTime.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The reminder to send now: the latest one already due, or undefined before the first and after the deadline. */
export function currentReminder(
  plan: readonly PlannedReminder[],
  now: Date,
  deadline: Date,
): PlannedReminder | undefined {
  if (deadlinePassed(now, deadline)) return undefined;
  let current: PlannedReminder | undefined;
  for (const r of plan) if (r.dueAt.getTime() <= now.getTime()) current = r;
  return current;
}

/** The next reminder after now (for previews), if any. */
export function nextReminder(plan: readonly PlannedReminder[], now: Date): PlannedReminder | undefined {
  return plan.find((r) => r.dueAt.getTime() > now.getTime());
}

export function deadlinePassed(now: Date, deadline: Date): boolean {
  return now.getTime() >= deadline.getTime();
}

export type SnoozeDecision =
  | { ok: true; reminder: string; dueAt: Date; remaining: number }
  | { ok: false; reason: 'limit' | 'deadline' };

/**
 * "Remind me tomorrow": the next reminder at the window opening on the next local day (moved into the
 * next window, so a Friday snooze comes back on Monday). At most `max` times per campaign, and never at
 * or after the deadline.
 */
export function snooze(
  now: Date,
  used: number,
  deadline: Date,
  w: SendingWindow,
  tz: string,
  max = MAX_SNOOZES,
): SnoozeDecision {
  if (used >= max) return { ok: false, reason: 'limit' };
  const start = parseHhMm(w.start);
  const tomorrow = addLocalDays(localDateOf(now, tz), 1);
  const dueAt = nextAllowedTime(fromLocal(tomorrow, start.hour, start.minute, tz), w, tz);
  if (deadlinePassed(dueAt, deadline)) return { ok: false, reason: 'deadline' };
  return { ok: true, reminder: `snooze-${used + 1}`, dueAt, remaining: max - used - 1 };
}
