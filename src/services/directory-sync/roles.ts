import type { Role } from '../../domain/staff';
import type { RoleGroupMembers } from '../../ports/directory-source';
import type { DirectorySyncState } from '../../ports/directory-sync-state';

/** The highest role a person's groups give them: global admin > local admin > helpdesk > staff. */
export function roleOf(id: string, groups: RoleGroupMembers): { role: Role; atp: boolean } {
  const role: Role = groups.globalAdmins.has(id)
    ? 'globalAdmin'
    : groups.localAdmins.has(id)
      ? 'localAdmin'
      : groups.helpdesk.has(id)
        ? 'helpdesk'
        : 'staff';
  return { role, atp: groups.atp.has(id) };
}

export function toStoredRoles(groups: RoleGroupMembers): NonNullable<DirectorySyncState['roles']> {
  return {
    globalAdmins: [...groups.globalAdmins],
    helpdesk: [...groups.helpdesk],
    localAdmins: [...groups.localAdmins],
    atp: [...groups.atp],
  };
}

export function fromStoredRoles(stored: DirectorySyncState['roles']): RoleGroupMembers {
  return {
    globalAdmins: new Set(stored?.globalAdmins ?? []),
    helpdesk: new Set(stored?.helpdesk ?? []),
    localAdmins: new Set(stored?.localAdmins ?? []),
    atp: new Set(stored?.atp ?? []),
  };
}

/** Everyone whose role or ATP flag differs between two snapshots of the groups. */
export function roleChanges(before: RoleGroupMembers, after: RoleGroupMembers): string[] {
  const ids = new Set<string>();
  for (const g of [before, after])
    for (const set of Object.values(g) as Set<string>[]) for (const id of set) ids.add(id);
  return [...ids].filter((id) => {
    const a = roleOf(id, before);
    const b = roleOf(id, after);
    return a.role !== b.role || a.atp !== b.atp;
  });
}
