import { hasActiveException, type Campaign } from '../../domain/campaign';
import { addLocalDays, fromLocal, localDateOf } from '../../domain/campaign-time';
import { isEnrolled, type StaffMember } from '../../domain/staff';
import type { OutboxRepository } from '../../ports/outbox-repository';
import type { StaffRepository } from '../../ports/staff-repository';
import { campaignOrganisations } from './campaign-audience';

export interface FunnelRow {
  organisation: string;
  targeted: number;
  sent: number;
  failed: number;
  /** No conversation reference, or Teams refused (403/404). */
  unreachable: number;
  started: number;
  enrolled: number;
  excepted: number;
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
  /** Per organisation, UPNs of targeted people still neither enrolled nor excepted (UPN order). */
  stillToEnrol: Record<string, string[]>;
}

interface PersonDelivery {
  organisation: string;
  sent: boolean;
  failed: boolean;
  unreachable: boolean;
}

const MAX_TIMELINE_DAYS = 31;

const emptyRow = (organisation: string): FunnelRow => ({
  organisation,
  targeted: 0,
  sent: 0,
  failed: 0,
  unreachable: 0,
  started: 0,
  enrolled: 0,
  excepted: 0,
});

/**
 * The campaign funnel per organisation: everyone with an outbox record is "targeted"; delivery comes
 * from their records (sent wins over failed and unreachable), progress from their staff record now.
 */
export async function campaignFunnel(
  deps: { outbox: OutboxRepository; staff: StaffRepository; timezone: string },
  c: Campaign,
  now: Date,
): Promise<CampaignFunnel> {
  const people = new Map<string, PersonDelivery>();
  for await (const r of deps.outbox.stream(c.id)) {
    const p = people.get(r.aadObjectId) ?? {
      organisation: r.organisation,
      sent: false,
      failed: false,
      unreachable: false,
    };
    if (r.state === 'sent') p.sent = true;
    if (r.state === 'failed') p.failed = true;
    if (r.state === 'unreachable' || r.state === 'no-reference') p.unreachable = true;
    people.set(r.aadObjectId, p);
  }
  const rows = new Map<string, FunnelRow>();
  const registered: Date[] = [];
  const unreachable: string[] = [];
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
    if (p.sent) row.sent++;
    else if (p.unreachable) row.unreachable++;
    else if (p.failed) row.failed++;
    const s = staffSeen.get(id);
    if (!p.sent && p.unreachable && s) unreachable.push(s.upn);
    if (!s) continue;
    if (s.enrolment.step !== 'not-started') row.started++;
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
    unreachable: unreachable.sort(),
    stillToEnrol,
  };
}

function sumRows(rows: FunnelRow[]): FunnelRow {
  const total = emptyRow('All');
  for (const r of rows) {
    total.targeted += r.targeted;
    total.sent += r.sent;
    total.failed += r.failed;
    total.unreachable += r.unreachable;
    total.started += r.started;
    total.enrolled += r.enrolled;
    total.excepted += r.excepted;
  }
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
