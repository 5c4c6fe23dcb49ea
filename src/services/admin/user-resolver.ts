import type { StaffMember } from '../../domain/staff';
import type { StaffRepository } from '../../ports/staff-repository';

export type Resolution =
  { kind: 'found'; member: StaffMember } | { kind: 'none' } | { kind: 'many'; candidates: StaffMember[] };

export const MAX_CHOICES = 10;

/**
 * Finds the person an admin named: an exact UPN (or email, which is the UPN here) first, then a
 * case-insensitive search of UPNs and display names. One exact display-name match wins over partial ones;
 * several matches give a choice list (at most 10). Scope is NOT checked here: the caller authorises.
 */
export class UserResolver {
  constructor(private readonly staff: StaffRepository) {}

  /** The person a card names by object id (untrusted: the caller authorises on the stored record). */
  byId(aadObjectId: string): Promise<StaffMember | null> {
    return this.staff.findByAadObjectId(aadObjectId);
  }

  async resolve(text: string): Promise<Resolution> {
    const wanted = text.trim();
    if (wanted.length === 0) return { kind: 'none' };
    if (wanted.includes('@')) {
      const byUpn = await this.staff.findByUpn(wanted);
      if (byUpn) return { kind: 'found', member: byUpn };
    }
    const found = await this.staff.search(wanted, MAX_CHOICES + 1);
    if (found.length === 0) return { kind: 'none' };
    if (found.length === 1) return { kind: 'found', member: found[0] };
    const lower = wanted.toLowerCase();
    const exact = found.filter((s) => s.displayName.toLowerCase() === lower || s.upn.toLowerCase() === lower);
    if (exact.length === 1) return { kind: 'found', member: exact[0] };
    return { kind: 'many', candidates: (exact.length > 1 ? exact : found).slice(0, MAX_CHOICES) };
  }
}
