import type { GraphApi } from './graph-api';

/**
 * Whether a person is a member (direct or through nested groups) of an Entra group:
 * POST /users/{id}/checkMemberGroups (GroupMember.Read.All). Used for the self-service Temporary Access
 * Pass group.
 */
export function groupMembership(api: GraphApi): (userId: string, groupId: string) => Promise<boolean> {
  return async (userId, groupId) => {
    const found = await api.post<{ value?: string[] }>(
      `/users/${encodeURIComponent(userId)}/checkMemberGroups`,
      { groupIds: [groupId] },
    );
    return (found.value ?? []).includes(groupId);
  };
}
