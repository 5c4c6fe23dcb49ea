import type { ExceptionKind, MfaException, StaffMember } from './staff';

/**
 * MFA exceptions (seed 003): short term (24 hours) and long term (180 days). An exception always runs
 * from the moment it is granted; "extending" grants a new one (a new audited record) that replaces the
 * old. A compromised account cannot be excepted until the compromised flag is cleared.
 */
const HOUR_MS = 60 * 60 * 1000;
export const EXCEPTION_DURATION_MS: Readonly<Record<ExceptionKind, number>> = {
  '24h': 24 * HOUR_MS,
  '180d': 180 * 24 * HOUR_MS,
};
export const EXCEPTION_KINDS: readonly ExceptionKind[] = ['24h', '180d'];
export const MAX_REASON_LENGTH = 500;

export function exceptionExpiry(kind: ExceptionKind, grantedAt: Date): Date {
  return new Date(grantedAt.getTime() + EXCEPTION_DURATION_MS[kind]);
}

export function isExceptionActive(exception: MfaException | undefined, now: Date): exception is MfaException {
  return exception !== undefined && exception.expiresAt.getTime() > now.getTime();
}

export type ExceptionRefusal = 'compromised' | 'reason-missing' | 'reason-too-long' | 'would-shorten';

/**
 * May this exception be granted now? A new exception replaces any current one, so one that would end
 * sooner than the current one (a 24-hour exception over a 180-day one) is refused: revoke first.
 */
export function checkExceptionGrant(
  target: Pick<StaffMember, 'compromised' | 'exception'>,
  reason: string,
  grant?: { kind: ExceptionKind; now: Date },
): { ok: true } | { ok: false; why: ExceptionRefusal } {
  if (target.compromised) return { ok: false, why: 'compromised' };
  const r = reason.trim();
  if (r.length === 0) return { ok: false, why: 'reason-missing' };
  if (r.length > MAX_REASON_LENGTH) return { ok: false, why: 'reason-too-long' };
  if (grant && isExceptionActive(target.exception, grant.now)) {
    const newExpiry = exceptionExpiry(grant.kind, grant.now);
    if (newExpiry.getTime() < target.exception.expiresAt.getTime())
      return { ok: false, why: 'would-shorten' };
  }
  return { ok: true };
}

export function newException(
  kind: ExceptionKind,
  now: Date,
  reason: string,
  grantedBy: string,
): MfaException {
  return { kind, grantedAt: now, expiresAt: exceptionExpiry(kind, now), reason: reason.trim(), grantedBy };
}
