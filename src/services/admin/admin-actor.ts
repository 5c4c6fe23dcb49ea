import type { Actor } from '../../domain/permissions';
import type { StaffMember } from '../../domain/staff';

/** The admin acting, always built from the stored record of activity.from, never from card data. */
export interface AdminActor extends Actor {
  upn: string;
  displayName: string;
}

export function actorFrom(s: StaffMember): AdminActor {
  return {
    aadObjectId: s.aadObjectId,
    role: s.role,
    organisation: s.organisation,
    upn: s.upn,
    displayName: s.displayName,
  };
}
