import type { Campaign } from '../../../domain/campaign';
import { nextReminder, planReminders } from '../../../domain/campaign-schedule';
import { fromLocal } from '../../../domain/campaign-time';
import type { CampaignFunnel, FunnelRow, TimelinePoint } from '../../../services/campaigns/campaign-funnel';
import type { CampaignPreview } from '../../../services/campaigns/campaign-admin-service';
import { admin as text } from '../../../strings/campaigns';
import { formatIsoDate, formatWhen } from '../../../strings/dates';

const BAR_WIDTH = 20;
const LIST_MAX = 20;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function nextLine(next: { reminder: string; dueAt: Date } | undefined, tz: string): string {
  return next ? text.preview.next(next.reminder, formatWhen(next.dueAt, tz)) : text.preview.none;
}

export function previewCardData(c: Campaign, p: CampaignPreview, tz: string) {
  return {
    title: text.preview.title(c.name),
    next: p.steps[0]?.atOnce
      ? text.preview.atOnce(p.steps[0].reminder, formatWhen(p.steps[0].dueAt, tz))
      : nextLine(p.next, tz),
    stepsTitle: text.preview.stepsTitle,
    steps: p.steps.map((r) => ({
      line: r.atOnce
        ? text.preview.atOnce(r.reminder, formatWhen(r.dueAt, tz))
        : text.preview.step(r.reminder, formatWhen(r.dueAt, tz)),
    })),
    hasSteps: p.steps.length > 0,
    perOrganisation: p.perOrganisation.map((r) => ({
      organisation: r.organisation,
      people: String(r.people),
    })),
    total: text.preview.total(p.total),
  };
}

/** One organisation's funnel as facts: a FactSet reads at Teams' card width, where an 8-column table broke words. */
function facts(r: FunnelRow): { title: string; value: string }[] {
  const f = text.status.facts;
  const reachable = r.reachableAlready + r.installed;
  const all = [
    { title: f.targeted, value: String(r.targeted), show: true },
    { title: f.reachable, value: f.reachableValue(reachable, r.reachableAlready, r.installed), show: true },
    { title: f.sent, value: String(r.sent), show: true },
    { title: f.opened, value: String(r.opened), show: true },
    { title: f.started, value: String(r.started), show: true },
    { title: f.registered, value: String(r.enrolled), show: true },
    { title: f.emailed, value: String(r.emailed), show: r.emailed > 0 },
    { title: f.unreachable, value: String(r.unreachable), show: true },
    { title: f.failed, value: String(r.failed), show: r.failed > 0 },
    { title: f.excepted, value: String(r.excepted), show: r.excepted > 0 },
  ];
  return all.filter((x) => x.show).map(({ title, value }) => ({ title, value }));
}

/** "2026-11-17" as "17 Nov" (the day is padded so text bars line up). */
function dayLabel(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${String(d).padStart(2, ' ')} ${MONTHS[(m ?? 1) - 1] ?? ''}`;
}

/** The Teams chart's bars: one per day. */
export function timelineChart(points: readonly TimelinePoint[]): { x: string; y: number }[] {
  return points.map((p) => ({ x: dayLabel(p.day).trim(), y: p.enrolled }));
}

/**
 * Text bars: one line per day, "17 Nov ████████░░░░  12", scaled to the largest value. The chart's fallback
 * for hosts without Teams charts (the Playground, older mobile clients).
 */
export function timelineBars(points: readonly TimelinePoint[]): { line: string }[] {
  const max = Math.max(1, ...points.map((p) => p.enrolled));
  const width = String(max).length;
  return points.map((p) => {
    const filled = Math.round((p.enrolled / max) * BAR_WIDTH);
    const label = dayLabel(p.day);
    return {
      line: `${label} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${String(p.enrolled).padStart(width, ' ')}`,
    };
  });
}

/** The status card; `viewerId` (the admin's Teams id) lets Teams refresh it for them when they look at it. */
export function statusCardData(
  c: Campaign,
  f: CampaignFunnel,
  now: Date,
  tz: string,
  viewerId = '',
  exportUrl?: string,
) {
  const plan = planReminders(c.deadline, c.offsetsDays, c.sendWindow, tz);
  const next =
    c.state === 'running' || c.state === 'draft' || c.state === 'paused'
      ? nextReminder(plan, now)
      : undefined;
  const hasChart = f.timeline.some((p) => p.enrolled > 0);
  return {
    title: text.status.title(c.name, c.state),
    subtitle: text.status.subtitle(
      formatWhen(c.deadline, tz),
      nextLine(next, tz),
      formatWhen(now, tz).split(' at ')[1] ?? '',
    ),
    name: c.name,
    viewerId,
    refreshTitle: text.status.refresh,
    speak: text.status.speak(c.name, c.state, f.total.targeted, f.total.sent, f.total.enrolled),
    organisations: [
      ...(f.rows.length > 1 ? [{ ...f.total, organisation: text.status.total }] : []),
      ...f.rows,
    ].map((r) => ({ name: r.organisation, facts: facts(r) })),
    hasUnreachable: f.unreachableDetails.length > 0,
    unreachableText: text.status.unreachable(
      f.unreachableDetails.slice(0, LIST_MAX),
      Math.max(0, f.unreachableDetails.length - LIST_MAX),
    ),
    hasExport: exportUrl !== undefined,
    exportTitle: text.status.export,
    exportUrl: exportUrl ?? '',
    chartTitle: hasChart ? text.status.chartTitle : text.status.noChart,
    hasChart,
    chartXAxis: text.status.chartXAxis,
    chartYAxis: text.status.chartYAxis,
    chart: hasChart ? timelineChart(f.timeline) : [],
    bars: hasChart ? timelineBars(f.timeline) : [],
  };
}

export function createFormData(
  defaults: {
    offsetsDays: readonly number[];
    sendWindow: { start: string; end: string; days: readonly number[] };
  },
  deadline: Date | undefined,
  tz: string,
) {
  const d = deadline ? formatIsoDate(deadline, tz) : '';
  return {
    title: text.form.title,
    labels: text.form,
    defaults: {
      deadlineDate: d,
      deadlineTime: '17:00',
      organisations: '',
      offsets: defaults.offsetsDays.join(','),
      windowStart: defaults.sendWindow.start,
      windowEnd: defaults.sendWindow.end,
      days: defaults.sendWindow.days.join(','),
    },
  };
}

/** The deadline instant for a date ("2026-12-01") and time ("17:00") typed in the form, in the time zone. */
export function deadlineFrom(date: string, time: string, tz: string): Date | undefined {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^([01]\d|2[0-3]):([0-5]\d)/.exec(time);
  if (!dm || !tm) return undefined;
  return fromLocal(
    { year: Number(dm[1]), month: Number(dm[2]), day: Number(dm[3]) },
    Number(tm[1]),
    Number(tm[2]),
    tz,
  );
}
