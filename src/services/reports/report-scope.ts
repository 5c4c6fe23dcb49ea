import { isMfaStatus, type MfaStatus } from '../../domain/mfa-status';
import { authorise, organisationsInScope, type RefusalReason } from '../../domain/permissions';
import type { StaffQuery } from '../../ports/staff-repository';
import type { AdminActor } from '../admin/admin-actor';

export interface ReportFilter {
  organisation?: string;
  status?: MfaStatus;
}

/**
 * The staff query a report may run for this actor: a local admin only ever sees their own organisation
 * (asking for another one is refused), a global admin sees all or the one asked for.
 */
export function reportQuery(actor: AdminActor, filter: ReportFilter): StaffQuery | RefusalReason {
  if (filter.status !== undefined && !isMfaStatus(filter.status)) return 'role';
  if (filter.organisation !== undefined) {
    const auth = authorise(actor, 'report', { organisation: filter.organisation });
    if (!auth.allowed) return auth.reason;
    return { organisations: [filter.organisation], statuses: filter.status ? [filter.status] : undefined };
  }
  const auth = authorise(actor, 'report');
  if (!auth.allowed) return auth.reason;
  return {
    organisations: organisationsInScope(actor, 'report'),
    statuses: filter.status ? [filter.status] : undefined,
  };
}
