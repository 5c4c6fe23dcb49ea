import type { StaffMember } from '../../domain/staff';
import { isAppError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { Messenger } from '../../ports/messenger';
import type { MfaPolicyHook } from '../../ports/mfa-policy-groups';
import type { StaffRepository } from '../../ports/staff-repository';
import { EXCEPTION_LABEL, toGranter, toUser } from '../../strings/admin';
import { auditSnapshot } from '../admin/audit-snapshot';
import { formatShort } from '../../strings/dates';

export interface ExpiryDeps {
  staff: StaffRepository;
  audit: AuditLog;
  messenger: Messenger;
  timezone: string;
  /** Optional: takes the person out of the tenant's exception group (Graph). */
  policy?: MfaPolicyHook;
}

export const EXPIRY_PAGE = 200;
const MAX_PAGES_PER_SWEEP = 50;

/**
 * Ends every exception whose expiry is at or before `now`: one version-guarded update per person that
 * removes the exception (the status is recomputed from the remaining facts, so the previous status
 * returns), an audit record by 'system', and a message to the person and to the admin who granted it.
 * Anyone changed meanwhile is left for the next sweep. Returns how many exceptions ended.
 */
export async function expireExceptions(deps: ExpiryDeps, now: Date): Promise<number> {
  let expired = 0;
  for (let page = 0; page < MAX_PAGES_PER_SWEEP; page++) {
    const due = await deps.staff.list({ exceptionExpiresBy: now }, { limit: EXPIRY_PAGE });
    let progressed = 0;
    for (const member of due) {
      if (await expireOne(deps, member, now)) progressed += 1;
    }
    expired += progressed;
    if (due.length < EXPIRY_PAGE || progressed === 0) break;
  }
  return expired;
}

async function expireOne(deps: ExpiryDeps, member: StaffMember, now: Date): Promise<boolean> {
  const exception = member.exception;
  if (!exception || exception.expiresAt.getTime() > now.getTime()) return false;
  let after: StaffMember;
  try {
    after = await deps.staff.unset(member.aadObjectId, member.version, ['exception'], {}, now);
  } catch (e) {
    if (isAppError(e) && (e.code === 'CONCURRENT_CHANGE' || e.code === 'NOT_FOUND')) return false;
    throw e;
  }
  await deps.audit.append({
    at: now,
    actor: 'system',
    action: 'exception.expire',
    target: member.aadObjectId,
    targetUpn: member.upn,
    before: auditSnapshot(member),
    after: auditSnapshot(after),
    reason: `${exception.kind} exception ended (granted for: ${exception.reason})`,
    outcome: 'success',
  });
  await deps.policy?.afterChange('exception.expire', member, after, { id: 'system' });
  const ended = formatShort(exception.expiresAt, deps.timezone);
  await send(deps, member.aadObjectId, toUser.exceptionEnded(ended));
  if (exception.grantedBy !== member.aadObjectId) {
    const note = toGranter.exceptionEnded(
      after.displayName,
      EXCEPTION_LABEL[exception.kind],
      ended,
      after.mfaStatus,
    );
    await send(deps, exception.grantedBy, note);
  }
  return true;
}

async function send(deps: ExpiryDeps, to: string, message: string): Promise<void> {
  try {
    await deps.messenger.sendToUser(to, message);
  } catch {
    // Telling people is best effort: the status change and its audit record stand.
  }
}
