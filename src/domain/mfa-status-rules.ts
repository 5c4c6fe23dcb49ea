import type { MfaStatus } from './mfa-status';
import { isAdminRole, type StaffMember } from './staff';

export type StatusFacts = Pick<StaffMember, 'role' | 'atp' | 'compromised' | 'exception' | 'mfa'>;

/**
 * The one function that turns stored facts into one of the 11 report statuses.
 * Precedence, strongest first:
 *  1. compromised accounts are always enforced (and cannot be excepted);
 *  2. an unexpired exception (24 hours or 180 days);
 *  3. an admin role (helpdesk, local or global admin) enforces MFA;
 *  4. membership of an ATP group enforces MFA;
 *  5. MFA switched off when leaving an ATP group or admin role (historical statuses);
 *  6. otherwise whoever last switched MFA on or off: admin or user; the default is Admin Enabled
 *     (accounts are created with MFA on, seed 003).
 */
export function deriveMfaStatus(f: StatusFacts, now: Date): MfaStatus {
  if (f.compromised) return 'MFA Enforced Compromised';
  if (f.exception && f.exception.expiresAt.getTime() > now.getTime()) {
    return f.exception.kind === '24h' ? 'MFA 24 Hour Exception' : 'MFA Long Term Exception';
  }
  if (isAdminRole(f.role) || f.role === 'helpdesk') return 'MFA Enforced Admin Role';
  if (f.atp) return 'MFA Enforced ATP Group';
  if (!f.mfa.enabled && f.mfa.by === 'atpRoleRemoved') return 'MFA Disabled ATP Group';
  if (!f.mfa.enabled && f.mfa.by === 'adminRoleRemoved') return 'MFA Disabled Admin Role';
  if (f.mfa.by === 'user') return f.mfa.enabled ? 'User Enabled' : 'User Disabled';
  return f.mfa.enabled ? 'Admin Enabled' : 'Admin Disabled';
}
