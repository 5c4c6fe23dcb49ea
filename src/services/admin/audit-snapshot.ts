import type { StaffMember } from '../../domain/staff';

/** What an audit record keeps of a person before and after a change: facts only, never phone numbers or secrets. */
export function auditSnapshot(s: StaffMember): Record<string, unknown> {
  return {
    mfaStatus: s.mfaStatus,
    mfaEnabled: s.mfa.enabled,
    mfaBy: s.mfa.by,
    compromised: s.compromised,
    exception: s.exception ? { kind: s.exception.kind, expiresAt: s.exception.expiresAt } : null,
    methods: [...s.methods],
    enrolmentStep: s.enrolment.step,
  };
}
