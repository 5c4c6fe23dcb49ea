import { isEnrolled, type StaffMember } from '../../domain/staff';
import { isAppError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { RegistrationDetail } from '../../ports/registration-source';
import type { StaffRepository } from '../../ports/staff-repository';

export type ReconcileOutcome =
  'markedEnrolled' | 'alreadyEnrolled' | 'notRegistered' | 'unmapped' | 'unknownPerson' | 'conflicts';

export const REGISTERED_OUTSIDE_ACTION = 'enrolment.registered-outside';

/**
 * Nightly reconciliation from the Entra registration report (up to 36 hours old, so never the source of
 * "done" in a conversation: the enrolment reads the person's methods directly for that).
 * A person the identity provider says is MFA-registered, but whom the bot still sees as not enrolled
 * (they registered on the Microsoft security info page, say), is marked enrolled: methods, registeredAt
 * and enrolment step 'done', in one version-guarded update, audited. Reminders stop (they are enrolled)
 * and the next chat shows them as done, and `onRegisteredOutside` congratulates them. A person changed
 * meanwhile is left for the next sync.
 */
export async function reconcileRegistration(
  deps: {
    staff: StaffRepository;
    audit: AuditLog;
    onRegisteredOutside?: (member: StaffMember) => Promise<void>;
  },
  detail: RegistrationDetail,
  now: Date,
): Promise<ReconcileOutcome> {
  if (!detail.isMfaRegistered) return 'notRegistered';
  if (detail.methods.length === 0) return 'unmapped';
  const member = await deps.staff.findByAadObjectId(detail.userId);
  if (!member) return 'unknownPerson';
  if (isEnrolled(member)) return 'alreadyEnrolled';
  try {
    await deps.staff.update(
      member.aadObjectId,
      member.version,
      {
        methods: detail.methods,
        entra: { readAt: now, source: 'report', kinds: [] },
        registeredAt: now,
        enrolment: { ...member.enrolment, step: 'done', updatedAt: now, completedAt: now },
      },
      now,
    );
  } catch (err) {
    if (isAppError(err) && (err.code === 'CONCURRENT_CHANGE' || err.code === 'NOT_FOUND')) return 'conflicts';
    throw err;
  }
  await deps.audit.append({
    at: now,
    actor: 'graph',
    action: REGISTERED_OUTSIDE_ACTION,
    target: member.aadObjectId,
    targetUpn: member.upn,
    before: { methods: member.methods, step: member.enrolment.step },
    after: { methods: detail.methods, step: 'done' },
    reason: 'registered outside the bot (Microsoft Entra registration details)',
    outcome: 'success',
  });
  await deps.onRegisteredOutside?.(member).catch(() => undefined);
  return 'markedEnrolled';
}
