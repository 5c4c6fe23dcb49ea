import type { StaffMember } from '../domain/staff';

/** Who a policy change is for and on whose behalf it is made (for the audit record). */
export interface PolicyTarget {
  aadObjectId: string;
  upn: string;
}

export interface PolicyActor {
  /** aadObjectId of the admin, or 'system' for the sweeper and sync. */
  id: string;
  upn?: string;
}

/** 'changed': a write was made; 'unchanged': already so (idempotent); 'skipped': not configured. */
export type PolicyOutcome = 'changed' | 'unchanged' | 'skipped';

export interface TemporaryAccessPass {
  /** A secret: shown once to whoever needs it, never logged or audited. */
  passCode: string;
  expiresAt: Date;
}

/**
 * The tenant-side effect of the bot's MFA decisions: membership of the conditional access (MFA) group and
 * of the exception group, and removal of registered methods for a re-enrolment. Every write is audited
 * and idempotent. When Graph is not configured the no-op implementation answers 'skipped'.
 */
export interface MfaPolicyGroups {
  readonly enabled: boolean;
  applyMfaEnabled(user: PolicyTarget, enabled: boolean, actor: PolicyActor): Promise<PolicyOutcome>;
  applyException(user: PolicyTarget, on: boolean, actor: PolicyActor): Promise<PolicyOutcome>;
  /** Deletes the person's registered methods (not their password) so they register again. */
  resetAuthenticationMethods(user: PolicyTarget, actor: PolicyActor): Promise<{ deleted: number }>;
  /** When configured (GRAPH_TAP_LIFETIME_MINUTES), a one-time Temporary Access Pass; otherwise undefined. */
  createTemporaryAccessPass(user: PolicyTarget, actor: PolicyActor): Promise<TemporaryAccessPass | undefined>;
}

/**
 * What the admin services and the exception sweeper call after a stored change (optional dependency):
 * brings the tenant in line with the person as they now are. Never throws: a Graph failure is logged
 * and audited, and the bot's own record stands (the next change or sync puts the tenant right).
 */
export interface MfaPolicyHook {
  afterChange(action: string, before: StaffMember, after: StaffMember, actor: PolicyActor): Promise<void>;
}

export const noMfaPolicyGroups: MfaPolicyGroups = {
  enabled: false,
  applyMfaEnabled: () => Promise.resolve('skipped'),
  applyException: () => Promise.resolve('skipped'),
  resetAuthenticationMethods: () => Promise.resolve({ deleted: 0 }),
  createTemporaryAccessPass: () => Promise.resolve(undefined),
};
