import { MFA_STATUSES, type MfaStatus } from './mfa-status';
import type { ExceptionKind, StaffMember } from './staff';
import { isAdminRole } from './staff';

/** The admin commands typed in chat, as the parser returns them. Users are named as typed and resolved later. */
export const ADMIN_VERBS = [
  'status',
  'enable',
  'disable',
  'exception',
  'revoke',
  'reenrol',
  'compromised',
  'bulk',
  'report',
  'audit',
  'tap',
] as const;
export type AdminVerb = (typeof ADMIN_VERBS)[number];

/** "User policy" filter of the seed guide: which MFA policy applies to a person. */
export const USER_POLICIES = ['standard', 'atp', 'admin'] as const;
export type UserPolicy = (typeof USER_POLICIES)[number];

export function policyOf(s: Pick<StaffMember, 'role' | 'atp'>): UserPolicy {
  if (isAdminRole(s.role) || s.role === 'helpdesk') return 'admin';
  return s.atp ? 'atp' : 'standard';
}

export interface BulkFilter {
  organisations?: string[];
  orgUnits?: string[];
  statuses?: MfaStatus[];
  policies?: UserPolicy[];
  /** A pasted list of UPNs (exclusive with the other filters). */
  upns?: string[];
}

export type AdminCommand =
  | { kind: 'status'; user: string }
  | { kind: 'enable'; users: string[] }
  | { kind: 'disable'; users: string[]; reason: string }
  | { kind: 'exception'; duration: ExceptionKind; user: string; reason: string }
  | { kind: 'revokeException'; user: string }
  | { kind: 'reenrol'; user: string }
  | { kind: 'compromised'; user: string; clear: boolean }
  | { kind: 'bulk'; action: 'enable' | 'disable'; filter: BulkFilter; reason?: string }
  | { kind: 'report'; organisation?: string; status?: MfaStatus }
  | { kind: 'audit'; user: string }
  /** A Temporary Access Pass for someone who cannot get into Security info (after checking who they are). */
  | { kind: 'tap'; user: string };

export interface UsageError {
  kind: 'usage';
  /** The command the text was about, when known (its usage is shown). */
  verb?: AdminVerb;
  problem: string;
  /** A corrected word ("did you mean ...?"). */
  suggestion?: string;
}

export type ParseResult = { ok: true; command: AdminCommand } | { ok: false; error: UsageError };

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Accepts "Admin Disabled", "admin-disabled", "ADMINDISABLED", "24 hour exception" (without the MFA prefix). */
export function parseStatus(text: string): MfaStatus | undefined {
  const t = squash(text);
  if (t.length === 0) return undefined;
  return MFA_STATUSES.find((s) => squash(s) === t || squash(s) === `mfa${t}`);
}

export const STATUS_SLUGS: readonly string[] = MFA_STATUSES.map((s) => s.toLowerCase().replace(/\s+/g, '-'));
