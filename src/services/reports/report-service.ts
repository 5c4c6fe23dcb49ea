import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { MFA_STATUSES, type MfaStatus } from '../../domain/mfa-status';
import type { RefusalReason } from '../../domain/permissions';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { StaffQuery, StaffRepository } from '../../ports/staff-repository';
import type { AdminActor } from '../admin/admin-actor';
import { CSV_COLUMNS, csvRow } from './csv-row';
import { reportQuery, type ReportFilter } from './report-scope';

export interface SummaryRow {
  organisation: string;
  counts: Partial<Record<MfaStatus, number>>;
  total: number;
}

export interface ReportSummary {
  rows: SummaryRow[];
  totals: Partial<Record<MfaStatus, number>>;
  total: number;
}

/**
 * The MFA Status report: counts per status per organisation, counted in the database (one grouped count,
 * filtered first; no person is read), and the full CSV, streamed in UPN order (the upn index gives the order),
 * so memory does not grow with the directory.
 */
export class ReportService {
  constructor(private readonly deps: { staff: StaffRepository; audit: AuditLog; clock: Clock }) {}

  async summary(actor: AdminActor, filter: ReportFilter): Promise<ReportSummary | RefusalReason> {
    const query = await this.scoped(actor, filter, 'report.summary');
    if (typeof query === 'string') return query;
    const byOrg = new Map<string, SummaryRow>();
    const totals: Partial<Record<MfaStatus, number>> = {};
    let total = 0;
    for (const { organisation, mfaStatus, count } of await this.deps.staff.countByOrganisationAndStatus(
      query,
    )) {
      let row = byOrg.get(organisation);
      if (!row) byOrg.set(organisation, (row = { organisation, counts: {}, total: 0 }));
      row.counts[mfaStatus] = (row.counts[mfaStatus] ?? 0) + count;
      row.total += count;
      totals[mfaStatus] = (totals[mfaStatus] ?? 0) + count;
      total += count;
    }
    const rows = [...byOrg.values()].sort((a, b) => a.organisation.localeCompare(b.organisation));
    return { rows, totals, total };
  }

  /** A CSV byte stream (header + one line per person); nothing is buffered beyond the stream's high-water mark. */
  async csv(actor: AdminActor, filter: ReportFilter): Promise<Readable | RefusalReason> {
    const query = await this.scoped(actor, filter, 'report.export');
    if (typeof query === 'string') return query;
    return csvStream(this.deps.staff, query);
  }

  private async scoped(
    actor: AdminActor,
    filter: ReportFilter,
    action: string,
  ): Promise<StaffQuery | RefusalReason> {
    const query = reportQuery(actor, filter);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      actor: actor.aadObjectId,
      actorUpn: actor.upn,
      action,
      reason: typeof query === 'string' ? query : JSON.stringify(filter),
      outcome: typeof query === 'string' ? 'refused' : 'success',
    });
    return query;
  }
}

export function csvStream(staff: StaffRepository, query: StaffQuery): Readable {
  async function* rows(): AsyncGenerator<string[]> {
    for await (const s of staff.stream(query)) yield csvRow(s);
  }
  const stringifier = stringify({ header: true, columns: [...CSV_COLUMNS] });
  const source = Readable.from(rows());
  source.on('error', (err) => stringifier.destroy(err));
  return source.pipe(stringifier);
}

export const STATUS_ORDER: readonly MfaStatus[] = MFA_STATUSES;
