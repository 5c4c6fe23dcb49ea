import type { GraphSettings } from '../../config';
import type {
  DirectoryChange,
  DirectoryReadResult,
  DirectorySource,
  DirectoryUser,
  RoleGroupMembers,
} from '../../ports/directory-source';
import { checkPhoneNumber } from '../../services/phone/phone-number';
import type { GraphApi } from './graph-api';
import { isGraphStatus } from './graph-errors';

const USER_FIELDS = 'id,userPrincipalName,displayName,companyName,department,officeLocation,mobilePhone';
export const USERS_DELTA_PATH = `/users/delta?$select=${USER_FIELDS}`;
const UNKNOWN = 'Unassigned';

interface GraphUser {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  companyName?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  mobilePhone?: string | null;
  '@removed'?: { reason?: string };
}

interface GraphMember {
  id: string;
  '@odata.type'?: string;
}

/**
 * Entra ID users and role groups through Graph. Users are always read with /users/delta: the first read
 * pages through everyone and ends with a delta link; later reads with that link return only changes.
 * An expired link (410 Gone, or 400 syncStateNotFound) falls back to a full read.
 */
export class GraphDirectorySource implements DirectorySource {
  readonly name = 'graph';

  constructor(
    private readonly api: GraphApi,
    private readonly groups: GraphSettings['groups'],
  ) {}

  async readUsers(
    deltaToken: string | undefined,
    onPage: (changes: DirectoryChange[]) => Promise<void>,
  ): Promise<DirectoryReadResult> {
    if (deltaToken) {
      try {
        return await this.read(deltaToken, false, onPage);
      } catch (err) {
        if (!isGraphStatus(err, 410) && !isSyncStateNotFound(err)) throw err;
      }
    }
    return this.read(USERS_DELTA_PATH, true, onPage);
  }

  /** One group after another: a handful of requests, and a failure stops the read at once. */
  async readRoleGroups(): Promise<RoleGroupMembers> {
    const globalAdmins = await this.members(this.groups.globalAdmins);
    const helpdesk = await this.members(this.groups.helpdesk);
    const atp = await this.members(this.groups.atp);
    const localAdmins = new Set<string>();
    for (const id of Object.values(this.groups.localAdmins)) {
      for (const member of await this.members(id)) localAdmins.add(member);
    }
    return { globalAdmins, helpdesk, localAdmins, atp };
  }

  private async read(
    path: string,
    full: boolean,
    onPage: (changes: DirectoryChange[]) => Promise<void>,
  ): Promise<DirectoryReadResult> {
    const result = await this.api.pages<GraphUser>(path, (users) => onPage(users.flatMap(toChange)));
    if (!result.deltaLink) throw new Error('Microsoft Graph ended the user delta without a delta link');
    return { deltaToken: result.deltaLink, full, pages: result.pages };
  }

  private async members(groupId: string | undefined): Promise<Set<string>> {
    const ids = new Set<string>();
    if (!groupId) return ids;
    await this.api.pages<GraphMember>(
      `/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=999`,
      (members) => {
        for (const m of members) {
          if (!m['@odata.type'] || m['@odata.type'] === '#microsoft.graph.user') ids.add(m.id);
        }
        return Promise.resolve();
      },
    );
    return ids;
  }
}

function toChange(user: GraphUser): DirectoryChange[] {
  if (user['@removed']) return [{ kind: 'removed', id: user.id }];
  const upn = user.userPrincipalName?.trim();
  if (!upn) return [];
  const out: DirectoryUser = {
    id: user.id,
    upn,
    displayName: user.displayName?.trim() || upn,
    organisation: user.companyName?.trim() || user.department?.trim() || UNKNOWN,
    orgUnit: user.officeLocation?.trim() || user.department?.trim() || UNKNOWN,
  };
  const mobile = user.mobilePhone ? checkPhoneNumber(user.mobilePhone, 'sms') : undefined;
  return [{ kind: 'upsert', user: mobile?.ok ? { ...out, mobile: mobile.e164 } : out }];
}

function isSyncStateNotFound(err: unknown): boolean {
  return isGraphStatus(err, 400) && /syncstatenotfound|resyncrequired/i.test((err as Error).message);
}
