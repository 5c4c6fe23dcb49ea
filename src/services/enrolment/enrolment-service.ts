import type { ConversationReference } from 'botbuilder';
import { canMove, toEnrolmentStep, type DeviceChoice, type EnrolmentStep } from '../../domain/enrolment';
import { reportMethods, type MethodKindOf } from '../../domain/entra-methods';
import type { AuthMethod } from '../../domain/mfa-status';
import { isEnrolled, type EnrolmentPath, type EnrolmentProgress, type StaffMember } from '../../domain/staff';
import { AppError, ConcurrencyError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { HelpdeskHandover, HelpdeskReason } from '../../ports/helpdesk-handover';
import type { StaffChanges, StaffRepository } from '../../ports/staff-repository';

const MAX_ATTEMPTS = 3;

export interface EnrolmentServiceDeps {
  staff: StaffRepository;
  audit: AuditLog;
  helpdesk: HelpdeskHandover;
  clock: Clock;
}

/** What Entra was read to hold, for `recordEntra`. */
export interface EntraReading {
  methods: readonly MethodKindOf[];
  readAt: Date;
  source: 'methods' | 'report';
  /** Graph's request id of the read, for the audit record. */
  requestId?: string;
}

/**
 * Keeps each person's place in the guided enrolment in their staff record (so it survives restarts and
 * lost dialog state) and records what Microsoft Entra ID holds. Callers pass the person as they have them
 * (the identity middleware loaded them for the turn) and get the new version back: a write is guarded by
 * that version and the record is read again only when someone else changed it meanwhile.
 */
export class EnrolmentService {
  constructor(private readonly deps: EnrolmentServiceDeps) {}

  stepOf(staff: StaffMember): EnrolmentStep {
    return toEnrolmentStep(staff.enrolment?.step);
  }

  /** Reads the person again (for work outside a turn: background checks, admin actions). */
  async load(aadObjectId: string): Promise<StaffMember> {
    const found = await this.deps.staff.findByAadObjectId(aadObjectId);
    if (!found) throw new AppError('NOT_FOUND', 'That person is not in the staff directory.');
    return found;
  }

  /** Moves to `to` when the state machine allows it from the stored step; otherwise leaves it alone. */
  moveTo(
    staff: StaffMember,
    to: EnrolmentStep,
    extra: { device?: DeviceChoice; path?: EnrolmentPath } = {},
  ): Promise<StaffMember> {
    return this.change(staff, (s, now) => {
      const from = this.stepOf(s);
      if (from === to || !canMove(from, to)) return undefined;
      return {
        enrolment: progress(s, now, {
          step: to,
          device: extra.device ?? s.enrolment?.device,
          path: extra.path ?? s.enrolment?.path,
          startedAt: s.enrolment?.startedAt ?? now,
        }),
      };
    });
  }

  /** Sets fields of the progress without moving (the path chosen, the baseline, the wait for Entra). */
  note(staff: StaffMember, fields: Partial<EnrolmentProgress>): Promise<StaffMember> {
    return this.change(staff, (s, now) => ({ enrolment: progress(s, now, fields) }));
  }

  /** Starts over at the first step (the caller revokes any unconfirmed secret). */
  async restart(staff: StaffMember): Promise<StaffMember> {
    const updated = await this.change(staff, (s, now) => ({
      enrolment: { step: 'why', startedAt: now, updatedAt: now, lastAction: s.enrolment?.lastAction },
    }));
    await this.audit(updated, 'enrolment.restarted', {}, { step: 'why' });
    return updated;
  }

  /**
   * Practice mode (no Microsoft Graph): the person proved the code works. Recorded as practice only:
   * methods and registration stay as they were, since Entra never learnt of this secret.
   */
  async completePractice(staff: StaffMember, method: AuthMethod): Promise<StaffMember> {
    const updated = await this.change(staff, (s, now) => ({
      enrolment: progress(s, now, { step: 'done', practiceCompletedAt: now, completedAt: now }),
    }));
    await this.audit(updated, 'enrolment.practice-completed', {}, { method, step: 'done', practice: true });
    return updated;
  }

  /**
   * Records what Microsoft Entra ID holds, as just read through Graph: the record of truth for
   * "registered". Someone who now has a method finishes the flow (step 'done'); someone whose methods were
   * removed (a re-enrolment) is no longer registered. Audited when registration changes.
   */
  async recordEntra(staff: StaffMember, reading: EntraReading, action?: string): Promise<StaffMember> {
    const methods = reportMethods(reading.methods);
    const kinds = [...new Set(reading.methods.map((m) => m.kind))].sort();
    let before: Pick<StaffMember, 'methods' | 'mfaStatus'> | undefined;
    const updated = await this.change(staff, (s, now) => {
      before = { methods: s.methods, mfaStatus: s.mfaStatus };
      const changes: StaffChanges = {
        methods,
        entra: { readAt: reading.readAt, source: reading.source, kinds },
      };
      const nowRegistered = methods.length > 0;
      if (nowRegistered && !isEnrolled(s)) {
        changes.registeredAt = now;
        if (!s.mfa.enabled) changes.mfa = { enabled: true, by: 'user', changedAt: now };
      }
      const fields: Partial<EnrolmentProgress> = {};
      if (action) fields.lastAction = { action, at: now };
      if (nowRegistered && this.stepOf(s) !== 'done') {
        Object.assign(fields, { step: 'done', completedAt: now, awaitingEntraSince: undefined });
      }
      if (Object.keys(fields).length > 0) changes.enrolment = progress(s, now, fields);
      return changes;
    });
    if (before && before.methods.join() !== updated.methods.join()) {
      await this.audit(
        updated,
        isEnrolled(updated) ? 'enrolment.entra-confirmed' : 'enrolment.entra-cleared',
        before,
        { methods: updated.methods, mfaStatus: updated.mfaStatus, source: reading.source },
        'success',
        reading.requestId,
      );
    }
    return updated;
  }

  /** Hands the person to the helpdesk (one open request of each kind per person), audited. */
  async requestHelpdesk(
    staff: StaffMember,
    reason: HelpdeskReason,
    conversation?: Partial<ConversationReference>,
  ): Promise<{ staff: StaffMember; created: boolean; reference?: string }> {
    const moved = reason === 'no-device' ? await this.moveTo(staff, 'no-device', { device: 'none' }) : staff;
    const opened = await this.deps.helpdesk.open(moved, reason, conversation);
    if (opened.created) {
      const action = reason === 'access-pass' ? 'enrolment.access-pass-requested' : `enrolment.${reason}`;
      await this.audit(moved, action, {}, { reason, reference: opened.reference });
    }
    return { staff: moved, ...opened };
  }

  /** Records a lockout (never the code itself). */
  async recordLockout(staff: StaffMember, kind: 'totp' | 'phone', until: Date): Promise<void> {
    await this.audit(staff, 'enrolment.locked', {}, { kind, lockedUntil: until.toISOString() }, 'refused');
  }

  /** Appends an audit record of something the bot did in Entra for this person (never a credential). */
  async recordAction(
    staff: StaffMember,
    action: string,
    after: Record<string, unknown>,
    requestId?: string,
    outcome: 'success' | 'failed' | 'refused' = 'success',
  ): Promise<StaffMember> {
    const updated =
      outcome === 'success'
        ? await this.note(staff, { lastAction: { action, at: this.deps.clock.now() } })
        : staff;
    await this.audit(updated, action, {}, after, outcome, requestId);
    return updated;
  }

  /** One version-guarded write; on a conflict the record is read again and `decide` asked again. */
  private async change(
    staff: StaffMember,
    decide: (s: StaffMember, now: Date) => StaffChanges | undefined,
  ): Promise<StaffMember> {
    let current = staff;
    for (let attempt = 1; ; attempt++) {
      const now = this.deps.clock.now();
      const changes = decide(current, now);
      if (!changes) return current;
      try {
        return await this.deps.staff.update(current.aadObjectId, current.version, changes, now, current);
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw e;
        current = await this.load(current.aadObjectId);
      }
    }
  }

  private async audit(
    staff: StaffMember,
    action: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    outcome: 'success' | 'failed' | 'refused' = 'success',
    requestId?: string,
  ): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      actor: staff.aadObjectId,
      actorUpn: staff.upn,
      action,
      target: staff.aadObjectId,
      targetUpn: staff.upn,
      before,
      after: requestId ? { ...after, graphRequestId: requestId } : after,
      outcome,
    });
  }
}

/** The stored progress with `fields` laid over it; a field set to undefined is dropped. */
function progress(s: StaffMember, now: Date, fields: Partial<EnrolmentProgress>): EnrolmentProgress {
  const merged: Record<string, unknown> = { ...s.enrolment, ...fields, updatedAt: now };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as unknown as EnrolmentProgress;
}
