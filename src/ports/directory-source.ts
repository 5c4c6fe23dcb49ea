/** One person as the directory (Entra ID) describes them, before roles are applied. */
export interface DirectoryUser {
  id: string;
  upn: string;
  displayName: string;
  organisation: string;
  orgUnit: string;
  /** E.164 when the directory holds a valid mobile number. */
  mobile?: string;
}

/** A change from a delta read: a person added or changed, or removed from the directory. */
export type DirectoryChange = { kind: 'upsert'; user: DirectoryUser } | { kind: 'removed'; id: string };

export interface DirectoryReadResult {
  /** Opaque token (the delta link) to pass to the next read for changes only. */
  deltaToken: string;
  /** True when every user was read (first sync, or the previous token had expired). */
  full: boolean;
  /** Pages fetched, for progress and tests. */
  pages: number;
}

/** Who is in each role group: sets of user ids. Local admins are per organisation. */
export interface RoleGroupMembers {
  globalAdmins: Set<string>;
  helpdesk: Set<string>;
  localAdmins: Set<string>;
  atp: Set<string>;
}

/** Where the directory comes from (Microsoft Graph; the CSV import does not need this port). */
export interface DirectorySource {
  readonly name: string;
  /**
   * Reads users page by page: every user when `deltaToken` is undefined (or no longer valid), otherwise
   * only what changed since. `onPage` is awaited before the next page is fetched.
   */
  readUsers(
    deltaToken: string | undefined,
    onPage: (changes: DirectoryChange[]) => Promise<void>,
  ): Promise<DirectoryReadResult>;
  /** Members of the configured role groups (transitive membership is not followed). */
  readRoleGroups(): Promise<RoleGroupMembers>;
}
