import { hasActiveException, type Campaign } from '../../domain/campaign';
import { addLocalDays, fromLocal, localDateOf } from '../../domain/campaign-time';
import { isEnrolled, type StaffMember } from '../../domain/staff';
import type { OutboxRepository } from '../../ports/outbox-repository';
import type { StaffRepository } from '../../ports/staff-repository';
import { campaignOrganisations, streamAudience } from './campaign-audience';

export interface FunnelRow {
  organisation: string;
  /** In the audience now, or given a reminder record. */
  targeted: number;
  /** Reachable in Teams: the bot had a conversation (or the app was there already). */
  reachableAlready: number;
  /** Reachable in Teams because the bot installed its app for them (proactive install). */
  installed: number;
  /** Got a reminder in Teams. */
  sent: number;
  failed: number;
  /** Not reachable in Teams (no conversation, not on Teams, blocked), and not sent. */
  unreachable: number;
  /** Got the reminder by email. */
  emailed: number;
  /** Pressed a button on a reminder (Remind me tomorrow) or started enrolment. */
  opened: number;
  started: number;
  /** Registered for MFA, by Entra's record (staff.methods, read from Entra when Graph is configured). */
  enrolled: number;
  excepted: number;
}

/** Someone a campaign could not reach in Teams, and why (for the status card and the export). */
export interface UnreachablePerson {
  upn: string;
  organisation: string;
  reason: string;
  emailed: boolean;
}

export interface TimelinePoint {
  /** Local date, YYYY-MM-DD. */
  day: string;
  enrolled: number;
}

export interface CampaignFunnel {
  rows: FunnelRow[];
  total: FunnelRow;
  timeline: TimelinePoint[];
  /** UPNs of people not reachable in Teams (for the status card and the export). */
  unreachable: string[];
  /** The same people with the reason, UPN order. */
  unreachableDetails: UnreachablePerson[];
  /** Per organisation, UPNs of targeted people still neither enrolled nor excepted (UPN order). */
  stillToEnrol: Record<string, string[]>;
}

interface PersonDelivery {
  organisation: string;
  sent: boolean;
  failed: boolean;
  unreachable: boolean;
  reason?: string;
  reach?: 'already' | 'installed';
  emailed: boolean;
  snoozed: boolean;
}

const MAX_TIMELINE_DAYS = 31;

const emptyRow = (organisation: string): FunnelRow => ({
  organisation,
  targeted: 0,
  reachableAlready: 0,
  installed: 0,
  sent: 0,
  failed: 0,
  unreachable: 0,
  emailed: 0,
  opened: 0,
  started: 0,
  enrolled: 0,
  excepted: 0,
});

const COUNTS = Object.keys(emptyRow('')).filter((k) => k !== 'organisation') as Exclude<
  keyof FunnelRow,
  'organisation'
>[];

const newPerson = (organisation: string): PersonDelivery => ({
  organisation,
  sent: false,
  failed: false,
  unreachable: false,
  emailed: false,
  snoozed: false,
});

const NO_REFERENCE_REASON = 'never chatted with the bot (no conversation)';

/**
 * The campaign funnel per organisation: everyone with an outbox record, or in the audience now, is
 * "targeted"; reach and delivery come from their records (sent wins over failed and unreachable; the email
 * fallback's records count as "emailed"), progress from their staff record now (registered = Entra's record).
 */
export async function campaignFunnel(
  deps: { outbox: OutboxRepository; staff: StaffRepository; timezone: string },
  c: Campaign,
  now: Date,
): Promise<CampaignFunnel> {
  const people = new Map<string, PersonDelivery>();
  for await (const r of deps.outbox.stream(c.id)) {
    const p = people.get(r.aadObjectId) ?? newPerson(r.organisation);
    people.set(r.aadObjectId, p);
    if (r.channel === 'email') {
      if (r.state === 'sent') p.emailed = true;
      continue;
    }
    if (r.reminder.startsWith('snooze')) p.snoozed = true;
    if (r.state === 'sent') {
      p.sent = true;
      if (r.reach === 'installed' || (r.reach === 'already' && p.reach !== 'installed')) p.reach = r.reach;
    }
    if (r.state === 'failed') p.failed = true;
    if (r.state === 'unreachable' || r.state === 'no-reference') {
      p.unreachable = true;
      p.reason =
        r.reason ?? (r.state === 'no-reference' ? NO_REFERENCE_REASON : 'blocked or removed the bot');
    }
  }
  // Right after `campaign start` (before the first reminder is planned) the audience is still targeted.
  if (c.state !== 'draft')
    for await (const s of streamAudience(deps.staff, c, now))
      if (!people.has(s.aadObjectId)) people.set(s.aadObjectId, newPerson(s.organisation));
  const rows = new Map<string, FunnelRow>();
  const registered: Date[] = [];
  const unreachableDetails: UnreachablePerson[] = [];
  const staffSeen = new Map<string, StaffMember>();
  const stillToEnrol: Record<string, string[]> = {};
  const orgs = campaignOrganisations(c);
  for await (const s of deps.staff.stream(orgs ? { organisations: orgs } : {})) {
    if (people.has(s.aadObjectId)) staffSeen.set(s.aadObjectId, s);
  }
  for (const [id, p] of people) {
    const row = rows.get(p.organisation) ?? emptyRow(p.organisation);
    rows.set(p.organisation, row);
    row.targeted++;
    if (p.sent) {
      row.sent++;
      if (p.reach === 'installed') row.installed++;
      else row.reachableAlready++;
    } else if (p.unreachable) row.unreachable++;
    else if (p.failed) {
      row.failed++;
      row.reachableAlready++;
    }
    if (p.emailed) row.emailed++;
    const s = staffSeen.get(id);
    if (!p.sent && p.unreachable && s)
      unreachableDetails.push({
        upn: s.upn,
        organisation: p.organisation,
        reason: p.reason ?? NO_REFERENCE_REASON,
        emailed: p.emailed,
      });
    if (!s) continue;
    if (s.enrolment.step !== 'not-started') row.started++;
    if (p.snoozed || s.enrolment.step !== 'not-started') row.opened++;
    if (isEnrolled(s)) {
      row.enrolled++;
      if (s.registeredAt) registered.push(s.registeredAt);
    } else if (hasActiveException(s, now)) row.excepted++;
    else (stillToEnrol[p.organisation] ??= []).push(s.upn);
  }
  const sorted = [...rows.values()].sort((a, b) => a.organisation.localeCompare(b.organisation));
  for (const list of Object.values(stillToEnrol)) list.sort();
  return {
    rows: sorted,
    total: sumRows(sorted),
    timeline: timeline(c, registered, now, deps.timezone),
    unreachable: unreachableDetails.map((u) => u.upn).sort(),
    unreachableDetails: unreachableDetails.sort((a, b) => a.upn.localeCompare(b.upn)),
    stillToEnrol,
  };
}

function sumRows(rows: FunnelRow[]): FunnelRow {
  const total = emptyRow('All');
  for (const r of rows) for (const k of COUNTS) total[k] += r[k];
  return total;
}

/** Cumulative enrolled people per local day, from the campaign start to today (or the deadline). */
function timeline(c: Campaign, registered: Date[], now: Date, tz: string): TimelinePoint[] {
  const end = now.getTime() < c.deadline.getTime() ? now : c.deadline;
  let day = localDateOf(c.startedAt ?? c.createdAt, tz);
  const last = localDateOf(end, tz);
  const points: TimelinePoint[] = [];
  for (let i = 0; i < 400; i++, day = addLocalDays(day, 1)) {
    const nextMidnight = fromLocal(addLocalDays(day, 1), 0, 0, tz).getTime();
    const label = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
    points.push({ day: label, enrolled: registered.filter((r) => r.getTime() < nextMidnight).length });
    if (day.year === last.year && day.month === last.month && day.day === last.day) break;
  }
  return points.slice(-MAX_TIMELINE_DAYS);
}
