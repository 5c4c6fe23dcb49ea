/**
 * Every date and time a person reads, in en-GB and the configured time zone. One formatter per zone and
 * style is made once and kept: Intl.DateTimeFormat objects are slow to make and cheap to reuse.
 */
const STYLES = {
  /** "14:35" */
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "2 November 2026" */
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  /** "2 November 2026 at 09:02" */
  dateTime: { dateStyle: 'long', timeStyle: 'short' },
  /** "Tuesday 1 December 2026, 17:00" (parts re-joined by formatWhen) */
  when: {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  /** "Sat 28 Mar 2026, 13:00 GMT" */
  short: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  /** year, month and day as two-digit parts (re-joined by formatIsoDate) */
  isoParts: { year: 'numeric', month: '2-digit', day: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

type Style = keyof typeof STYLES;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: Style, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}\u0000${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...STYLES[style], timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "14:35" */
export function formatClock(at: Date, timeZone: string): string {
  return formatter('clock', timeZone).format(at);
}

/** "2 November 2026" */
export function formatDate(at: Date, timeZone: string): string {
  return formatter('date', timeZone).format(at);
}

/** "2 November 2026 at 09:02" */
export function formatDateTime(at: Date, timeZone: string): string {
  return formatter('dateTime', timeZone).format(at);
}

/** "09:02 on 2 November 2026" */
export function formatTimeOnDate(at: Date, timeZone: string): string {
  return `${formatClock(at, timeZone)} on ${formatDate(at, timeZone)}`;
}

/** "Tuesday 1 December 2026 at 17:00" */
export function formatWhen(at: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter('when', timeZone).formatToParts(at)) parts[p.type] = p.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

/** "Sat 28 Mar 2026, 13:00 GMT": compact, with the zone, for admins. */
export function formatShort(at: Date, timeZone: string): string {
  return formatter('short', timeZone).format(at);
}

/** "2026-12-01": the calendar date in the zone, as an Input.Date value. */
export function formatIsoDate(at: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter('isoParts', timeZone).formatToParts(at)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}
