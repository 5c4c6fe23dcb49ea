/**
 * Wall-clock arithmetic in an IANA time zone using only the built-in Intl API (pure, no I/O).
 * Instants are Dates (UTC); local dates and times are plain numbers in the given zone.
 */
export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local wall-clock reading of an instant in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (e.g. +3 600 000 for BST). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads the given local time. A time that does not
 * exist (skipped by a spring-forward change) resolves to the same wall time after the change; an
 * ambiguous one (repeated in autumn) resolves to its first occurrence.
 */
export function fromLocal(d: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  const dayMs = 86_400_000;
  const before = guess - zoneOffsetMs(new Date(guess - dayMs), timeZone);
  const after = guess - zoneOffsetMs(new Date(guess + dayMs), timeZone);
  const matches = [before, after]
    .sort((a, b) => a - b)
    .filter((c) => {
      const l = toLocal(new Date(c), timeZone);
      return l.hour === hour && l.minute === minute && l.day === d.day;
    });
  // In a spring-forward gap neither matches: keep the wall time, read with the offset before the change.
  return new Date(matches[0] ?? before);
}

/** The local calendar date `days` after `d` (negative for before). */
export function addLocalDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday (1 = Monday) of a local calendar date. */
export function weekdayOf(d: LocalDate): number {
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const l = toLocal(instant, timeZone);
  return { year: l.year, month: l.month, day: l.day };
}
