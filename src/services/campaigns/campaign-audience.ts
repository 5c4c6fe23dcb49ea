import { inAudience, type Campaign } from '../../domain/campaign';
import type { StaffMember } from '../../domain/staff';
import type { StaffQuery, StaffRepository } from '../../ports/staff-repository';

/** The store query that narrows a campaign's audience (the rest is checked by domain `inAudience`). */
export function audienceQuery(c: Pick<Campaign, 'audience' | 'ownerOrganisation'>): StaffQuery {
  const q: StaffQuery = { enrolled: false };
  const orgs = c.ownerOrganisation !== undefined ? [c.ownerOrganisation] : c.audience.organisations;
  if (orgs.length > 0) q.organisations = orgs;
  if (c.audience.orgUnits.length > 0) q.orgUnits = c.audience.orgUnits;
  if (c.audience.statuses.length > 0) q.statuses = c.audience.statuses;
  return q;
}

/** Everyone a campaign would remind right now: in the audience, not enrolled, no unexpired exception. */
export async function* streamAudience(
  staff: StaffRepository,
  c: Pick<Campaign, 'audience' | 'ownerOrganisation'>,
  now: Date,
): AsyncIterable<StaffMember> {
  for await (const s of staff.stream(audienceQuery(c))) {
    if (inAudience(c, s, now)) yield s;
  }
}

/** Organisations a campaign covers, for queries that must see enrolled people too (the funnel). */
export function campaignOrganisations(
  c: Pick<Campaign, 'audience' | 'ownerOrganisation'>,
): string[] | undefined {
  if (c.ownerOrganisation !== undefined) return [c.ownerOrganisation];
  return c.audience.organisations.length > 0 ? c.audience.organisations : undefined;
}
