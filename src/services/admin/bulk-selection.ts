import { policyOf, type BulkFilter } from '../../domain/admin-command';
import { authorise, type AdminOperation } from '../../domain/permissions';
import type { StaffMember } from '../../domain/staff';
import type { StaffRepository } from '../../ports/staff-repository';
import type { AdminActor } from './admin-actor';

export const MAX_PASTED_UPNS = 500;
export const MAX_BULK_TARGETS = 5000;

export interface Selection {
  inScope: StaffMember[];
  outOfScope: number;
  notFound: string[];
}

/**
 * Who a bulk filter or pasted list means, split into the actor's scope and outside it. Streams the
 * directory (never loads it whole); stops collecting at MAX_BULK_TARGETS + 1 so "too many" can be told.
 */
function outsideOrganisation(actor: AdminActor, operation: AdminOperation, s: StaffMember): boolean {
  const auth = authorise(actor, operation, s);
  return !auth.allowed && auth.reason === 'scope';
}

export async function selectTargets(
  staff: StaffRepository,
  actor: AdminActor,
  operation: AdminOperation,
  filter: BulkFilter,
): Promise<Selection> {
  const selection: Selection = { inScope: [], outOfScope: 0, notFound: [] };
  const take = (s: StaffMember): void => {
    if (authorise(actor, operation, s).allowed) {
      if (selection.inScope.length <= MAX_BULK_TARGETS) selection.inScope.push(s);
    } else selection.outOfScope += 1;
  };
  if (filter.upns) {
    const seen = new Set<string>();
    for (const upn of filter.upns.slice(0, MAX_PASTED_UPNS)) {
      const s = await staff.findByUpn(upn);
      // Someone outside the actor's organisation is "not found", exactly as a UPN nobody has: the answer
      // never tells a local admin who exists elsewhere.
      if (!s || outsideOrganisation(actor, operation, s)) selection.notFound.push(upn);
      else if (!seen.has(s.aadObjectId)) {
        seen.add(s.aadObjectId);
        take(s);
      }
    }
    return selection;
  }
  const query = {
    organisations: filter.organisations,
    orgUnits: filter.orgUnits,
    statuses: filter.statuses,
  };
  for await (const s of staff.stream(query)) {
    if (filter.policies && !filter.policies.includes(policyOf(s))) continue;
    take(s);
  }
  return selection;
}
