import { canMove, toEnrolmentStep, type DeviceChoice, type EnrolmentStep } from '../../domain/enrolment';
import type { AuthMethod } from '../../domain/mfa-status';
import type { StaffMember } from '../../domain/staff';
import { AppError, ConcurrencyError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { NoDeviceHandover } from '../../ports/no-device-handover';
import type { ConversationReference } from 'botbuilder';
import type { StaffChanges, StaffRepository } from '../../ports/staff-repository';

const MAX_RETRIES = 3;

export interface EnrolmentServiceDeps {
  staff: StaffRepository;
  audit: AuditLog;
  helpdesk: NoDeviceHandover;
  clock: Clock;
}

/**
 * Keeps each person's place in the guided enrolment in their staff record (so it survives restarts and
 * lost dialog state) and records the outcome. Every write is version-guarded and retried on a conflict.
 */
export class EnrolmentService {
  constructor(private readonly deps: EnrolmentServiceDeps) {}

  async load(aadObjectId: string): Promise<StaffMember> {
    const found = await this.deps.staff.findByAadObjectId(aadObjectId);
    if (!found) throw new AppError('NOT_FOUND', 'That person is not in the staff directory.');
    return found;
  }

  stepOf(staff: StaffMember): EnrolmentStep {
    return toEnrolmentStep(staff.enrolment?.step);
  }

  /** Moves to `to` when the state machine allows it from the stored step; otherwise leaves it alone. */
  async moveTo(aadObjectId: string, to: EnrolmentStep, device?: DeviceChoice): Promise<StaffMember> {
    return this.change(aadObjectId, (s, now) => {
      const from = this.stepOf(s);
      if (from === to || !canMove(from, to)) return undefined;
      return {
        enrolment: {
          ...s.enrolment,
          step: to,
          device: device ?? s.enrolment?.device,
          startedAt: s.enrolment?.startedAt ?? now,
          updatedAt: now,
        },
      };
    });
  }

  /** Starts over at the first step (the caller revokes any unconfirmed secret). */
  async restart(aadObjectId: string): Promise<StaffMember> {
    const updated = await this.change(aadObjectId, (_s, now) => ({
      enrolment: { step: 'why', startedAt: now, updatedAt: now },
    }));
    await this.audit(updated, 'enrolment.restarted', {}, { step: 'why' });
    return updated;
  }

  /** Records a verified method: methods, registration time, step 'done', and an audit record. */
  async complete(aadObjectId: string, method: AuthMethod): Promise<StaffMember> {
    let before: Pick<StaffMember, 'methods' | 'mfaStatus'> | undefined;
    const updated = await this.change(aadObjectId, (s, now) => {
      before = { methods: s.methods, mfaStatus: s.mfaStatus };
      // Already recorded (a retry after a failure, or a concurrent submit): no second change or audit record.
      if (s.methods.includes(method) && s.enrolment.step === 'done') {
        before = undefined;
        return undefined;
      }
      const changes: StaffChanges = {
        methods: s.methods.includes(method) ? s.methods : [...s.methods, method],
        registeredAt: now,
        enrolment: { ...s.enrolment, step: 'done', updatedAt: now, completedAt: now },
      };
      if (!s.mfa.enabled) changes.mfa = { enabled: true, by: 'user', changedAt: now };
      return changes;
    });
    if (!before) return updated;
    await this.audit(updated, 'enrolment.verified', before, {
      method,
      methods: updated.methods,
      mfaStatus: updated.mfaStatus,
      step: 'done',
    });
    return updated;
  }

  /** Someone without a mobile device: an open helpdesk request (one per person) and an audit record. */
  async requestHelpdesk(
    aadObjectId: string,
    conversation?: Partial<ConversationReference>,
  ): Promise<{ created: boolean; reference?: string }> {
    const staff = await this.moveTo(aadObjectId, 'no-device', 'none');
    const opened = await this.deps.helpdesk.open(staff, this.deps.clock.now(), conversation);
    if (opened.created) {
      await this.audit(staff, 'enrolment.no-device', {}, { step: 'no-device', reference: opened.reference });
    }
    return opened;
  }

  /** Records a lockout (never the code itself). */
  async recordLockout(staff: StaffMember, kind: 'totp' | 'phone', until: Date): Promise<void> {
    await this.audit(staff, 'enrolment.locked', {}, { kind, lockedUntil: until.toISOString() }, 'refused');
  }

  private async change(
    aadObjectId: string,
    decide: (s: StaffMember, now: Date) => StaffChanges | undefined,
  ): Promise<StaffMember> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(aadObjectId);
      const now = this.deps.clock.now();
      const changes = decide(current, now);
      if (!changes) return current;
      try {
        return await this.deps.staff.update(aadObjectId, current.version, changes, now);
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw e;
      }
    }
  }

  private async audit(
    staff: StaffMember,
    action: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    outcome: 'success' | 'refused' = 'success',
  ): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      actor: staff.aadObjectId,
      actorUpn: staff.upn,
      action,
      target: staff.aadObjectId,
      targetUpn: staff.upn,
      before,
      after,
      outcome,
    });
  }
}
