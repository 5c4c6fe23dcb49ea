import { randomUUID } from 'node:crypto';
import type { BulkFilter } from '../../domain/admin-command';
import { authorise } from '../../domain/permissions';
import { isAppError } from '../../errors';
import type {
  BulkOperation,
  BulkOperationRepository,
  BulkSummary,
} from '../../ports/bulk-operation-repository';
import type { Clock } from '../../ports/clock';
import type { StaffRepository } from '../../ports/staff-repository';
import type { AdminActor } from './admin-actor';
import type { AdminService, ChangeResult } from './admin-service';
import { MAX_BULK_TARGETS, MAX_PASTED_UPNS, selectTargets } from './bulk-selection';

/** The seed's portal limit: at most 50 users per bulk edit, repeated as often as needed. */
export const BATCH_SIZE = 50;
export const CONFIRM_WITHIN_MS = 10 * 60 * 1000;
/** An 'applying' operation with no progress for this long belongs to a process that died: Confirm resumes it. */
export const RESUME_AFTER_MS = 60 * 1000;
export const PREVIEW_NAMES = 10;

export type BulkPreview =
  | {
      kind: 'preview';
      id: string;
      action: 'enable' | 'disable';
      count: number;
      firstNames: string[];
      outOfScope: number;
      notFound: string[];
      expiresAt: Date;
    }
  | { kind: 'refused'; why: 'role' }
  | { kind: 'empty'; outOfScope: number; notFound: string[] }
  | { kind: 'tooMany'; count: number; max: number };

export type BulkResult =
  | {
      kind: 'applied';
      action: 'enable' | 'disable';
      summary: BulkSummary;
      /** Sizes of the batches applied by this call (after a resume: only the remaining ones). */
      batches: number[];
      /** Everyone the operation covers. */
      total: number;
    }
  | { kind: 'expired' }
  | { kind: 'notYours' };

export type BulkProgress = (done: number, total: number, action: 'enable' | 'disable') => Promise<void>;

/**
 * Bulk enable/disable: a preview stored as a pending operation, then a confirmation that only the same
 * admin can give within 10 minutes and that applies once; changes go through AdminService one person at a
 * time (each version-guarded and audited, scope checked again), in batches of at most 50.
 */
export class BulkService {
  constructor(
    private readonly deps: {
      staff: StaffRepository;
      operations: BulkOperationRepository;
      admin: AdminService;
      clock: Clock;
      /** Default RESUME_AFTER_MS. */
      resumeAfterMs?: number;
    },
  ) {}

  async preview(
    actor: AdminActor,
    action: 'enable' | 'disable',
    filter: BulkFilter,
    reason?: string,
  ): Promise<BulkPreview> {
    const operation = action === 'enable' ? 'bulkEnable' : 'bulkDisable';
    const auth = authorise(actor, operation);
    if (!auth.allowed) return { kind: 'refused', why: 'role' };
    if (filter.upns && filter.upns.length > MAX_PASTED_UPNS) {
      return { kind: 'tooMany', count: filter.upns.length, max: MAX_PASTED_UPNS };
    }
    const selection = await selectTargets(this.deps.staff, actor, operation, filter);
    if (selection.inScope.length > MAX_BULK_TARGETS) {
      return { kind: 'tooMany', count: selection.inScope.length, max: MAX_BULK_TARGETS };
    }
    if (selection.inScope.length === 0) {
      return { kind: 'empty', outOfScope: selection.outOfScope, notFound: selection.notFound };
    }
    const now = this.deps.clock.now();
    const op: BulkOperation = {
      id: randomUUID(),
      actor: actor.aadObjectId,
      action,
      reason,
      targets: selection.inScope.map((s) => s.aadObjectId),
      outOfScope: selection.outOfScope,
      notFound: selection.notFound,
      state: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + CONFIRM_WITHIN_MS),
    };
    if (reason === undefined) delete op.reason;
    await this.deps.operations.create(op);
    return {
      kind: 'preview',
      id: op.id,
      action,
      count: op.targets.length,
      firstNames: selection.inScope.slice(0, PREVIEW_NAMES).map((s) => `${s.displayName} (${s.upn})`),
      outOfScope: op.outOfScope,
      notFound: op.notFound,
      expiresAt: op.expiresAt,
    };
  }

  /** The operation as stored (who asked, its state, when it was confirmed), for redrawing its card. */
  find(id: string): Promise<BulkOperation | null> {
    return this.deps.operations.get(id);
  }

  cancel(actor: AdminActor, id: string): Promise<boolean> {
    return this.deps.operations.cancel(id, actor.aadObjectId, this.deps.clock.now());
  }

  async confirm(actor: AdminActor, id: string, onProgress: BulkProgress): Promise<BulkResult> {
    const now = this.deps.clock.now();
    const staleBefore = new Date(now.getTime() - (this.deps.resumeAfterMs ?? RESUME_AFTER_MS));
    const op = await this.deps.operations.claim(id, actor.aadObjectId, now, staleBefore);
    if (!op) {
      const existing = await this.deps.operations.get(id);
      return existing && existing.actor !== actor.aadObjectId ? { kind: 'notYours' } : { kind: 'expired' };
    }
    // A resumed operation starts after its last recorded batch, with that tally (each change is
    // version-guarded and idempotent, so a batch cut short by the crash is simply applied again).
    const summary: BulkSummary = op.summary ?? { changed: 0, unchanged: 0, refused: [], failed: [] };
    const batches: number[] = [];
    for (let start = op.appliedCount ?? 0; start < op.targets.length; start += BATCH_SIZE) {
      const batch = op.targets.slice(start, start + BATCH_SIZE);
      const results = await Promise.all(batch.map((target) => this.applyOne(actor, op, target)));
      for (const r of results) tally(summary, r);
      batches.push(batch.length);
      await this.deps.operations.heartbeat(op.id, start + batch.length, summary, this.deps.clock.now());
      await onProgress(start + batch.length, op.targets.length, op.action);
    }
    await this.deps.operations.finish(op.id, summary, this.deps.clock.now());
    return { kind: 'applied', action: op.action, summary, batches, total: op.targets.length };
  }

  private async applyOne(actor: AdminActor, op: BulkOperation, target: string): Promise<Outcome> {
    const operation = op.action === 'enable' ? 'bulkEnable' : 'bulkDisable';
    for (let attempt = 1; ; attempt++) {
      const member = await this.deps.staff.findByAadObjectId(target);
      if (!member) return { kind: 'failed', upn: target, why: 'no longer in the directory' };
      try {
        const r =
          op.action === 'enable'
            ? await this.deps.admin.enable(actor, member, operation)
            : await this.deps.admin.disable(actor, member, op.reason ?? '', operation);
        return { ...r, upn: member.upn };
      } catch (e) {
        if (isAppError(e) && e.code === 'CONCURRENT_CHANGE' && attempt < 2) continue;
        return { kind: 'failed', upn: member.upn, why: isAppError(e) ? e.code.toLowerCase() : 'error' };
      }
    }
  }
}

type Outcome = (ChangeResult & { upn: string }) | { kind: 'failed'; upn: string; why: string };

function tally(summary: BulkSummary, r: Outcome): void {
  if (r.kind === 'changed') summary.changed += 1;
  else if (r.kind === 'unchanged') summary.unchanged += 1;
  else if (r.kind === 'refused') summary.refused.push({ upn: r.upn, why: r.why });
  else summary.failed.push({ upn: r.upn, why: r.why });
}
