import { authorise, type AdminOperation, type RefusalReason } from '../../domain/permissions';
import {
  checkExceptionGrant,
  isExceptionActive,
  newException,
  type ExceptionRefusal,
} from '../../domain/exception-policy';
import type { ExceptionKind, StaffMember } from '../../domain/staff';
import { isAppError } from '../../errors';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { Messenger, SendOutcome } from '../../ports/messenger';
import type { MfaPolicyHook } from '../../ports/mfa-policy-groups';
import type { StaffChanges, StaffRepository } from '../../ports/staff-repository';
import { EXCEPTION_LABEL, toUser } from '../../strings/admin';
import type { AdminActor } from './admin-actor';
import { auditSnapshot } from './audit-snapshot';
import { formatShort } from '../../strings/dates';

export type Refusal = RefusalReason | ExceptionRefusal;

export type ChangeResult =
  | { kind: 'changed'; before: StaffMember; member: StaffMember; told?: SendOutcome }
  | { kind: 'unchanged'; member: StaffMember }
  | { kind: 'refused'; why: Refusal; member: StaffMember };

export interface AdminServiceDeps {
  staff: StaffRepository;
  audit: AuditLog;
  messenger: Messenger;
  clock: Clock;
  timezone: string;
  /** Optional: mirrors each stored change in the tenant (Graph policy groups, method reset). */
  policy?: MfaPolicyHook;
}

interface Change {
  action: string;
  changes: StaffChanges;
  unset?: (keyof StaffChanges)[];
  reason?: string;
  /** Told to the person after the change is stored. */
  message?: (after: StaffMember) => string;
}

export const AUDIT_TRAIL_LENGTH = 20;

/**
 * The admin use cases on one person. Every call: authorise on the server against the stored target,
 * refuse (audited) or make ONE version-guarded update (audited with before -> after). A concurrent
 * change raises ConcurrencyError (audited as failed); the caller says "changed meanwhile, please retry".
 */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  /**
   * May this actor see this person, or (accessPass) ask for a Temporary Access Pass for them? The pass
   * itself is issued by the enrolment's AccessPasses after the admin confirms. (Refusals audited.)
   */
  async view(
    actor: AdminActor,
    member: StaffMember,
    operation: 'status' | 'audit' | 'accessPass',
  ): Promise<RefusalReason | undefined> {
    const auth = authorise(actor, operation, member);
    if (auth.allowed) return undefined;
    await this.refuse(actor, member, `admin.${operation}`, auth.reason);
    return auth.reason;
  }

  /**
   * Records that `actor` named someone outside their organisation for `operation` (the admin is told
   * "couldn't find", as for someone who does not exist).
   */
  async refuseOutOfScope(actor: AdminActor, member: StaffMember, operation: AdminOperation): Promise<void> {
    await this.refuse(actor, member, `admin.${operation}`, 'scope');
  }

  async auditTrail(actor: AdminActor, member: StaffMember): Promise<AuditRecord[] | RefusalReason> {
    const refused = await this.view(actor, member, 'audit');
    if (refused) return refused;
    return this.deps.audit.listForTarget(member.aadObjectId, AUDIT_TRAIL_LENGTH);
  }

  enable(
    actor: AdminActor,
    member: StaffMember,
    operation: AdminOperation = 'enable',
  ): Promise<ChangeResult> {
    const now = this.deps.clock.now();
    const same =
      member.mfa.enabled && member.mfa.by !== 'atpRoleRemoved' && member.mfa.by !== 'adminRoleRemoved';
    return this.apply(actor, member, operation, same, {
      action: 'mfa.enable',
      changes: { mfa: { enabled: true, by: 'admin', changedAt: now } },
    });
  }

  disable(
    actor: AdminActor,
    member: StaffMember,
    reason: string,
    operation: AdminOperation = 'disable',
  ): Promise<ChangeResult> {
    const now = this.deps.clock.now();
    return this.apply(actor, member, operation, !member.mfa.enabled, {
      action: 'mfa.disable',
      reason,
      changes: { mfa: { enabled: false, by: 'admin', changedAt: now } },
    });
  }

  async grantException(
    actor: AdminActor,
    member: StaffMember,
    kind: ExceptionKind,
    reason: string,
  ): Promise<ChangeResult> {
    const operation = kind === '24h' ? 'exception24h' : 'exception180d';
    const policy = checkExceptionGrant(member, reason, { kind, now: this.deps.clock.now() });
    if (!policy.ok && authorise(actor, operation, member).allowed) {
      await this.refuse(actor, member, 'exception.grant', policy.why, reason);
      return { kind: 'refused', why: policy.why, member };
    }
    const exception = newException(kind, this.deps.clock.now(), reason, actor.aadObjectId);
    const expires = formatShort(exception.expiresAt, this.deps.timezone);
    return this.apply(actor, member, operation, false, {
      action: member.exception ? 'exception.extend' : 'exception.grant',
      reason: exception.reason,
      changes: { exception },
      message: () => toUser.exceptionGranted(EXCEPTION_LABEL[kind], expires),
    });
  }

  revokeException(actor: AdminActor, member: StaffMember): Promise<ChangeResult> {
    const active = isExceptionActive(member.exception, this.deps.clock.now());
    return this.apply(actor, member, 'revokeException', !active, {
      action: 'exception.revoke',
      changes: {},
      unset: ['exception'],
      message: () => toUser.exceptionRevoked,
    });
  }

  reenrol(actor: AdminActor, member: StaffMember): Promise<ChangeResult> {
    return this.apply(actor, member, 'reenrol', false, {
      action: 'enrolment.reset',
      changes: { methods: [], enrolment: { step: 'not-started', updatedAt: this.deps.clock.now() } },
      unset: ['registeredAt'],
      message: () => toUser.reenrol,
    });
  }

  /** Compromised: enforced MFA, methods cleared, enrolment restarted, any exception removed. */
  setCompromised(actor: AdminActor, member: StaffMember, compromised: boolean): Promise<ChangeResult> {
    if (!compromised) {
      return this.apply(actor, member, 'compromised', !member.compromised, {
        action: 'account.compromised.clear',
        changes: { compromised: false },
      });
    }
    return this.apply(actor, member, 'compromised', false, {
      action: 'account.compromised',
      changes: {
        compromised: true,
        methods: [],
        enrolment: { step: 'not-started', updatedAt: this.deps.clock.now() },
      },
      unset: ['exception', 'registeredAt'],
      message: () => toUser.compromised,
    });
  }

  private async apply(
    actor: AdminActor,
    member: StaffMember,
    operation: AdminOperation,
    unchanged: boolean,
    change: Change,
  ): Promise<ChangeResult> {
    const auth = authorise(actor, operation, member);
    if (!auth.allowed) {
      await this.refuse(actor, member, change.action, auth.reason, change.reason);
      return { kind: 'refused', why: auth.reason, member };
    }
    if (unchanged) return { kind: 'unchanged', member };
    const now = this.deps.clock.now();
    let after: StaffMember;
    try {
      after = change.unset?.length
        ? await this.deps.staff.unset(member.aadObjectId, member.version, change.unset, change.changes, now)
        : await this.deps.staff.update(member.aadObjectId, member.version, change.changes, now, member);
    } catch (e) {
      if (isAppError(e) && e.code === 'CONCURRENT_CHANGE') {
        await this.record(actor, member, change.action, 'failed', { reason: 'changed meanwhile' });
      }
      throw e;
    }
    await this.record(actor, member, change.action, 'success', {
      before: auditSnapshot(member),
      after: auditSnapshot(after),
      reason: change.reason,
    });
    await this.deps.policy?.afterChange(change.action, member, after, {
      id: actor.aadObjectId,
      upn: actor.upn,
    });
    const told = change.message ? await this.tell(after.aadObjectId, change.message(after)) : undefined;
    return { kind: 'changed', before: member, member: after, told };
  }

  /** Proactive message to the person; a failure to reach them never undoes the change. */
  async tell(aadObjectId: string, message: string): Promise<SendOutcome> {
    try {
      return await this.deps.messenger.sendToUser(aadObjectId, message);
    } catch {
      return 'failed';
    }
  }

  private async refuse(
    actor: AdminActor,
    member: StaffMember,
    action: string,
    why: Refusal,
    reason?: string,
  ): Promise<void> {
    await this.record(actor, member, action, 'refused', { reason: reason ? `${why}: ${reason}` : why });
  }

  private async record(
    actor: AdminActor,
    member: StaffMember,
    action: string,
    outcome: AuditRecord['outcome'],
    extra: Pick<AuditRecord, 'before' | 'after' | 'reason'>,
  ): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      actor: actor.aadObjectId,
      actorUpn: actor.upn,
      action,
      target: member.aadObjectId,
      targetUpn: member.upn,
      outcome,
      ...extra,
    });
  }
}
