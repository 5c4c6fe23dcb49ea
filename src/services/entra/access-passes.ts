import { isAdminRole, type Role, type StaffMember } from '../../domain/staff';
import {
  isMethodsFailure,
  type AuthenticationMethodsGateway,
  type IssuedTemporaryAccessPass,
} from '../../ports/authentication-methods';
import type { Clock } from '../../ports/clock';
import type { EnrolmentService } from '../enrolment/enrolment-service';

export interface AccessPassesDeps {
  gateway: AuthenticationMethodsGateway;
  enrolment: EnrolmentService;
  clock: Clock;
  settings: { lifetimeMinutes: number; usableOnce: boolean; selfServiceGroup?: string };
  /** Whether a person is in the self-service group (Graph checkMemberGroups); absent = self-service off. */
  isInGroup?: (userId: string, groupId: string) => Promise<boolean>;
}

/** Who asked for the pass: a helpdesk member or admin (`tap <person>`), or the person (self-service). */
export interface PassIssuer {
  aadObjectId: string;
  upn: string;
  role: Role;
}

export type IssueOutcome =
  | { kind: 'issued'; pass: IssuedTemporaryAccessPass; staff: StaffMember; requestId: string }
  /** The person holds an admin role and the issuer is not a global admin. */
  | { kind: 'refused-admin-role' };

export const PASS_ISSUED = 'enrolment.access-pass-issued';
export const PASS_DELETED = 'enrolment.access-pass-deleted';

/**
 * Temporary Access Passes: a time-limited credential that lets someone with no MFA method into Security
 * info to register Microsoft Authenticator. Issued by people (the helpdesk or an admin, after checking who
 * the person is), or by the person only when they are in the configured self-service group and have no
 * method at all. The pass is returned once to be shown once in the person's own chat: never stored, logged
 * or audited (the audit record has who, for whom, the lifetime and Graph's request id). The bot deletes it
 * once Entra shows the Authenticator registration.
 */
export class AccessPasses {
  constructor(private readonly deps: AccessPassesDeps) {}

  get selfServiceConfigured(): boolean {
    return Boolean(this.deps.settings.selfServiceGroup && this.deps.isInGroup);
  }

  /** Self-service is allowed only in the configured group and only for someone with no method at all. */
  async selfServiceAllowed(staff: StaffMember): Promise<boolean> {
    const group = this.deps.settings.selfServiceGroup;
    if (!group || !this.deps.isInGroup || staff.methods.length > 0 || isAdminRole(staff.role)) return false;
    // When membership cannot be read, no self-service: the helpdesk route always works.
    return this.deps.isInGroup(staff.aadObjectId, group).catch(() => false);
  }

  async issue(target: StaffMember, issuer: PassIssuer): Promise<IssueOutcome> {
    const adminTarget = isAdminRole(target.role) || target.role === 'helpdesk';
    if (adminTarget && issuer.role !== 'globalAdmin') return { kind: 'refused-admin-role' };
    const { lifetimeMinutes, usableOnce } = this.deps.settings;
    const created = await this.deps.gateway.createTemporaryAccessPass(target.aadObjectId, {
      lifetimeMinutes,
      usableOnce,
    });
    const pass = created.value;
    let staff = await this.deps.enrolment.note(target, {
      accessPass: { methodId: pass.methodId, expiresAt: pass.expiresAt },
    });
    staff = await this.deps.enrolment.recordAction(
      staff,
      PASS_ISSUED,
      {
        issuedBy: issuer.aadObjectId,
        issuedByUpn: issuer.upn,
        selfService: issuer.aadObjectId === target.aadObjectId,
        lifetimeMinutes: pass.lifetimeMinutes,
        usableOnce: pass.usableOnce,
        expiresAt: pass.expiresAt.toISOString(),
      },
      created.requestId,
    );
    return { kind: 'issued', pass, staff, requestId: created.requestId };
  }

  /**
   * Deletes the pass the bot issued (the Authenticator registration it was for is in place, or it could
   * not be delivered). A pass already gone or expired is fine; any other failure leaves it to expire.
   */
  async retire(staff: StaffMember): Promise<StaffMember> {
    const held = staff.enrolment.accessPass;
    if (!held) return staff;
    let requestId: string | undefined;
    try {
      requestId = (await this.deps.gateway.deleteTemporaryAccessPass(staff.aadObjectId, held.methodId))
        .requestId;
    } catch (err) {
      if (!isMethodsFailure(err, 'not-found')) {
        return this.deps.enrolment.recordAction(
          staff,
          PASS_DELETED,
          { methodId: held.methodId, expiresAt: held.expiresAt },
          isMethodsFailure(err) ? err.requestId : undefined,
          'failed',
        );
      }
    }
    const cleared = await this.deps.enrolment.note(staff, { accessPass: undefined });
    return this.deps.enrolment.recordAction(cleared, PASS_DELETED, { methodId: held.methodId }, requestId);
  }
}
