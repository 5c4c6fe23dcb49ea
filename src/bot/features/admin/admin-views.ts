import { isExceptionActive } from '../../../domain/exception-policy';
import { legacyNames } from '../../../domain/mfa-status';
import { deriveMfaStatus } from '../../../domain/mfa-status-rules';
import type { StaffMember } from '../../../domain/staff';
import type { AuditRecord } from '../../../ports/audit-log';
import type { BulkSummary } from '../../../ports/bulk-operation-repository';
import { formatShort } from '../../../strings/dates';
import type { BulkPreview } from '../../../services/admin/bulk-service';
import type { ReportSummary } from '../../../services/reports/report-service';
import { card, EXCEPTION_LABEL, REFUSAL_SHORT, bulkProgress } from '../../../strings/admin';

/** Card data for cards/admin-*.json. Pure: everything shown comes from the stored record. */
const list = (items: readonly string[]): string => (items.length ? items.join(', ') : card.none);

/**
 * The status is worked out now from the stored facts (deriveMfaStatus), so an exception that has just
 * expired already shows the status it falls back to, even before the sweeper has tidied the record.
 */
export function statusView(s: StaffMember, timezone: string, now: Date): Record<string, unknown> {
  const f = card.facts;
  const status = deriveMfaStatus(s, now);
  const exception = isExceptionActive(s.exception, now)
    ? card.exceptionValue(
        EXCEPTION_LABEL[s.exception.kind],
        formatShort(s.exception.expiresAt, timezone),
        s.exception.reason,
      )
    : card.none;
  return {
    title: card.statusTitle(s.displayName),
    speak: card.statusSpeak(s.displayName, status),
    facts: [
      { title: f.upn, value: s.upn },
      { title: f.organisation, value: s.organisation },
      { title: f.orgUnit, value: s.orgUnit },
      { title: f.role, value: s.role },
      { title: f.status, value: status },
      { title: f.methods, value: list(s.methods) },
      { title: f.legacyMethods, value: list(legacyNames(s.methods)) },
      {
        title: f.entraRead,
        value: s.entra
          ? card.entraRead(formatShort(s.entra.readAt, timezone), s.entra.source)
          : card.entraNeverRead,
      },
      { title: f.step, value: s.enrolment.step },
      {
        title: f.lastAction,
        value: s.enrolment.lastAction
          ? card.actionAt(s.enrolment.lastAction.action, formatShort(s.enrolment.lastAction.at, timezone))
          : card.none,
      },
      ...(s.enrolment.practiceCompletedAt
        ? [{ title: f.practice, value: formatShort(s.enrolment.practiceCompletedAt, timezone) }]
        : []),
      { title: f.exception, value: exception },
      {
        title: f.lastReminder,
        value: s.lastReminderAt ? formatShort(s.lastReminderAt, timezone) : card.never,
      },
    ],
  };
}

export function chooseView(
  title: string,
  choices: { label: string; command: string }[],
): Record<string, unknown> {
  return { title, speak: card.chooseSpeak(choices.length), choices };
}

const statusOf = (snapshot?: Record<string, unknown>): string =>
  typeof snapshot?.mfaStatus === 'string' ? snapshot.mfaStatus : '';

export function auditView(s: StaffMember, records: AuditRecord[], timezone: string): Record<string, unknown> {
  return {
    title: card.auditTitle(s.displayName),
    speak: card.auditSpeak(s.displayName, records.length),
    empty: card.auditEmpty,
    entries: records.map((r) => {
      const before = statusOf(r.before);
      const after = statusOf(r.after);
      return {
        when: formatShort(r.at, timezone),
        what: `${r.action} (${r.outcome})`,
        who: r.actorUpn ?? r.actor,
        change: before || after ? `${before || '-'} -> ${after || '-'}` : '',
        reason: r.reason ?? '',
      };
    }),
  };
}

export function reportView(
  summary: ReportSummary,
  download?: { url: string; minutes: number },
): Record<string, unknown> {
  return {
    title: card.reportTitle,
    subtitle: summary.total ? card.reportTotal(summary.total) : card.reportEmpty,
    speak: card.reportSpeak(summary.total, summary.rows.length),
    organisations: summary.rows.map((r) => ({
      name: r.organisation,
      total: String(r.total),
      counts: Object.entries(r.counts).map(([status, count]) => ({ status, count: String(count) })),
    })),
    downloadUrl: download?.url ?? '',
    downloadLabel: card.reportDownload,
    linkNote: download ? card.reportLinkNote(download.minutes) : '',
  };
}

export function bulkPreviewView(
  p: Extract<BulkPreview, { kind: 'preview' }>,
  reason: string | undefined,
  timezone: string,
): Record<string, unknown> {
  const f = card.bulkFacts;
  const facts = [
    { title: f.action, value: p.action === 'enable' ? 'enable (Admin Enabled)' : 'disable (Admin Disabled)' },
    { title: f.count, value: String(p.count) },
    { title: f.outOfScope, value: String(p.outOfScope) },
  ];
  if (p.notFound.length) facts.push({ title: f.notFound, value: p.notFound.slice(0, 20).join(', ') });
  if (reason) facts.push({ title: f.reason, value: reason });
  facts.push({ title: f.expires, value: formatShort(p.expiresAt, timezone) });
  return {
    title: card.bulkTitle(p.action),
    speak: card.bulkSpeak(p.action, p.count),
    facts,
    namesHeading: card.bulkFirstNames(p.firstNames.length, p.count),
    names: p.firstNames.map((name) => ({ name })),
    confirmLabel: card.confirm,
    cancelLabel: card.cancel,
    id: p.id,
  };
}

export function bulkProgressView(
  action: string,
  done: number,
  total: number,
  summary?: BulkSummary,
): Record<string, unknown> {
  const s = card.summaryFacts;
  const problems = summary
    ? [...summary.refused, ...summary.failed].map((p) => ({ upn: p.upn, why: REFUSAL_SHORT[p.why] ?? p.why }))
    : [];
  return {
    title: summary ? card.summaryTitle(action) : card.progressTitle(action),
    speak: summary
      ? card.summarySpeak(summary.changed, summary.unchanged, problems.length)
      : bulkProgress(done, total),
    progress: bulkProgress(done, total),
    facts: summary
      ? [
          { title: s.changed, value: String(summary.changed) },
          { title: s.unchanged, value: String(summary.unchanged) },
          { title: s.refused, value: String(summary.refused.length) },
          { title: s.failed, value: String(summary.failed.length) },
        ]
      : [],
    problemsHeading: card.refusedHeading,
    problems: problems.slice(0, 50),
  };
}
