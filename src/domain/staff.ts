import type { EntraMethodKind } from './entra-methods';
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

/** How step 4 is being done: the ways a method gets into Microsoft Entra ID, or the practice run. */
export type EnrolmentPath = 'authenticator' | 'phone' | 'oath' | 'practice';

/** Where a person is in the guided enrolment: the bot's own view, never proof of registration. */
export interface EnrolmentProgress {
  step: string;
  device?: 'work' | 'personal' | 'none';
  path?: EnrolmentPath;
  /** Authenticator method ids Entra held when the register step was shown: a new one is the person's. */
  baseline?: string[];
  /** Since when the bot waits for Entra to show the method (a background check is scheduled). */
  awaitingEntraSince?: Date;
  /** Practice mode only: when the practice run was finished. It never counts as registered. */
  practiceCompletedAt?: Date;
  /** A Temporary Access Pass issued for this person (its id only: the pass itself is never stored). */
  accessPass?: { methodId: string; expiresAt: Date };
  /** The last thing the bot did in Entra for this person (for admins' `status`). */
  lastAction?: { action: string; at: Date };
  startedAt?: Date;
  updatedAt?: Date;
  completedAt?: Date;
}

/** What Microsoft Entra ID held for the person when the bot last read it through Graph. */
export interface EntraView {
  readAt: Date;
  /** 'methods': the person's methods read directly; 'report': the registration report (up to 36 h old). */
  source: 'methods' | 'report';
  kinds: EntraMethodKind[];
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
  /** The directory's mail address when it has one (email reminders go there, else to the UPN). */
  mail?: string;
  /** The organisation's short code from the directory (an ODS-style code such as `XNV`), upper case. */
  organisationCode?: string;
  mfa: MfaSetting;
  compromised: boolean;
  exception?: MfaException;
  /** Cached result of deriveMfaStatus(), kept in step with the facts on every write (for queries and reports). */
  mfaStatus: MfaStatus;
  /**
   * The MFA methods Microsoft Entra ID holds, by their report names: written only from what Graph read
   * back (never from something only the bot knows), so "registered" means Entra has the method.
   */
  methods: AuthMethod[];
  /** When and how `methods` was last read from Entra; absent when it never was (no Graph). */
  entra?: EntraView;
  registeredAt?: Date;
  enrolment: EnrolmentProgress;
  lastReminderAt?: Date;
  /** The person said "stop emails": no reminder email goes to them (audited). */
  emailOptOutAt?: Date;
  /** When the bot first greeted the person (the welcome card is shown once, whatever the device). */
  welcomedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency counter: every write is guarded by the version it read. */
  version: number;
}

/**
 * The fields the directory (CSV import or Graph sync) owns. Everything else belongs to the bot. `mobile` is
 * read and validated from the directory but never stored: the bot has no use for it (a person types the
 * number they want to register, and proves it with a code), so it is not kept at rest at all.
 */
export type DirectoryRecord = Pick<
  StaffMember,
  'aadObjectId' | 'upn' | 'displayName' | 'organisation' | 'orgUnit' | 'role' | 'atp'
> & { mobile?: string; mail?: string; organisationCode?: string };

/** The directory fields kept on the staff record. */
export const DIRECTORY_FIELDS = [
  'aadObjectId',
  'upn',
  'displayName',
  'organisation',
  'orgUnit',
  'role',
  'atp',
  'mail',
  'organisationCode',
] as const satisfies readonly (keyof DirectoryRecord)[];

export function isAdminRole(role: Role): boolean {
  return role === 'localAdmin' || role === 'globalAdmin';
}

/** Registered for MFA: Microsoft Entra ID holds at least one method (as last read through Graph). */
export function isEnrolled(s: Pick<StaffMember, 'methods'>): boolean {
  return s.methods.length > 0;
}

export function firstName(s: Pick<StaffMember, 'displayName'>): string {
  return s.displayName.trim().split(/\s+/)[0] ?? s.displayName;
}

/** Where a reminder email goes: the directory's mail address, else the UPN (in most tenants also the address). */
export function emailAddressOf(s: Pick<StaffMember, 'upn' | 'mail'>): string {
  return s.mail ?? s.upn;
}
