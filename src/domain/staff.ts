import type { AuthMethod, MfaStatus } from './mfa-status';

export const ROLES = ['staff', 'helpdesk', 'localAdmin', 'globalAdmin'] as const;
export type Role = (typeof ROLES)[number];

export type ExceptionKind = '24h' | '180d';

export interface MfaException {
  kind: ExceptionKind;
  grantedAt: Date;
  expiresAt: Date;
  reason: string;
  /** aadObjectId of the admin who granted it. */
  grantedBy: string;
}

/** Who last switched MFA on or off for this person, and which way. */
export interface MfaSetting {
  enabled: boolean;
  /**
   * 'atpRoleRemoved' / 'adminRoleRemoved': MFA was switched off when the person left an ATP group or an
   * admin role (the historical "MFA Disabled ATP Group" / "MFA Disabled Admin Role" statuses).
   */
  by: 'user' | 'admin' | 'default' | 'atpRoleRemoved' | 'adminRoleRemoved';
  changedAt?: Date;
}

/** Where a person is in the guided enrolment. The enrolment issue owns the step names. */
export interface EnrolmentProgress {
  step: string;
  device?: 'work' | 'personal' | 'none';
  startedAt?: Date;
  updatedAt?: Date;
  completedAt?: Date;
}

/** One member of staff: one document, keyed by Entra object id (and unique UPN). */
export interface StaffMember {
  aadObjectId: string;
  upn: string;
  displayName: string;
  organisation: string;
  orgUnit: string;
  role: Role;
  /** Member of an ATP (Advanced Threat Protection) role or group: MFA is enforced. */
  atp: boolean;
  mobile?: string;
  mfa: MfaSetting;
  compromised: boolean;
  exception?: MfaException;
  /** Cached result of deriveMfaStatus(), kept in step with the facts on every write (for queries and reports). */
  mfaStatus: MfaStatus;
  methods: AuthMethod[];
  registeredAt?: Date;
  enrolment: EnrolmentProgress;
  lastReminderAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency counter: every write is guarded by the version it read. */
  version: number;
}

/** The fields the directory (CSV import or Graph sync) owns. Everything else belongs to the bot. */
export type DirectoryRecord = Pick<
  StaffMember,
  'aadObjectId' | 'upn' | 'displayName' | 'organisation' | 'orgUnit' | 'role' | 'atp'
> & { mobile?: string };

export const DIRECTORY_FIELDS = [
  'aadObjectId',
  'upn',
  'displayName',
  'organisation',
  'orgUnit',
  'role',
  'atp',
  'mobile',
] as const satisfies readonly (keyof DirectoryRecord)[];

export function isAdminRole(role: Role): boolean {
  return role === 'localAdmin' || role === 'globalAdmin';
}

export function isEnrolled(s: Pick<StaffMember, 'methods'>): boolean {
  return s.methods.length > 0;
}

export function firstName(s: Pick<StaffMember, 'displayName'>): string {
  return s.displayName.trim().split(/\s+/)[0] ?? s.displayName;
}
