import type { StaffRepository } from '../../ports/staff-repository';

export type OrganisationMatch =
  | { kind: 'found'; organisation: string }
  | { kind: 'unknown'; typed: string }
  | { kind: 'ambiguous'; typed: string; candidates: string[] };

const MAX_CANDIDATES = 6;

/**
 * What an admin means by `--org <text>`: the organisation of that name, ignoring case, or the only one whose
 * name starts with it ("north", "Riverside"). Several matches are listed back rather than guessed.
 */
export async function matchOrganisation(staff: StaffRepository, typed: string): Promise<OrganisationMatch> {
  const { exact, startingWith } = await staff.findOrganisations(typed, MAX_CANDIDATES);
  if (exact) return { kind: 'found', organisation: exact };
  if (startingWith.length === 1) return { kind: 'found', organisation: startingWith[0] };
  if (startingWith.length === 0) return { kind: 'unknown', typed };
  return { kind: 'ambiguous', typed, candidates: startingWith };
}

/** Every `--org` of a filter matched; the first one that does not match stops it. */
export async function matchOrganisations(
  staff: StaffRepository,
  typed: string[],
): Promise<{ kind: 'found'; organisations: string[] } | Exclude<OrganisationMatch, { kind: 'found' }>> {
  const organisations: string[] = [];
  for (const t of typed) {
    const m = await matchOrganisation(staff, t);
    if (m.kind !== 'found') return m;
    if (!organisations.includes(m.organisation)) organisations.push(m.organisation);
  }
  return { kind: 'found', organisations };
}
