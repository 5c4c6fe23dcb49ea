import { DuplicateKeyError } from '../../errors';
import type { DocumentStore } from '../../ports/document-store';
import {
  outboxKey,
  type NewOutboxRecord,
  type OutboxCompletion,
  type OutboxFinalState,
  type OutboxRecord,
  type OutboxRepository,
} from '../../ports/outbox-repository';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';

interface ClaimLock {
  lock: string;
  campaignId: string;
  owner: string;
  at: Date;
}

function isClaimable(r: OutboxRecord, now: Date): boolean {
  if (r.dueAt.getTime() > now.getTime()) return false;
  if (r.state === 'pending') return true;
  return r.state === 'claimed' && (r.leaseExpiresAt?.getTime() ?? 0) < now.getTime();
}

const SNOOZES = ['snooze-1', 'snooze-2', 'snooze-3', 'snooze-4', 'snooze-5'];

/**
 * The campaign outbox in `campaignOutbox`. Exactly-once in effect rests on three single-document guards:
 * a unique key per (campaign, person, reminder); claims that only succeed on a pending record or an
 * expired lease; completion only by the lease holder.
 */
export class DocumentOutboxRepository implements OutboxRepository {
  private readonly outbox: LazyCollection<OutboxRecord>;
  private readonly locks: LazyCollection<ClaimLock>;

  constructor(store: DocumentStore) {
    this.outbox = new LazyCollection<OutboxRecord>(store, 'campaignOutbox', [
      { fields: { key: 1 }, unique: true },
      { fields: { campaignId: 1, state: 1, dueAt: 1 } },
      { fields: { campaignId: 1, aadObjectId: 1 } },
    ]);
    this.locks = new LazyCollection<ClaimLock>(store, 'campaignOutboxLocks', [
      { fields: { lock: 1 }, unique: true },
      { fields: { campaignId: 1 } },
    ]);
  }

  async enqueue(record: NewOutboxRecord, now: Date): Promise<boolean> {
    assertSafeValue(record, 'record');
    const doc: OutboxRecord = {
      ...record,
      key: outboxKey(record),
      state: 'pending',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await (await this.outbox.get()).insertOne(doc);
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  async findClaimable(campaignIds: string[], now: Date, limit: number): Promise<OutboxRecord[]> {
    assertSafeValue(campaignIds, 'campaignIds');
    if (campaignIds.length === 0) return [];
    return (await this.outbox.get()).find(
      {
        // One running campaign is the usual case: equality lets the embedded store take the index's list as is
        // ($in merges the lists of every value it names).
        campaignId: campaignIds.length === 1 ? campaignIds[0] : { $in: campaignIds },
        dueAt: { $lte: now },
        $or: [{ state: 'pending' }, { state: 'claimed', leaseExpiresAt: { $lt: now } }],
      },
      { sort: { dueAt: 1 }, limit },
    );
  }

  /**
   * Two steps, so the claim holds even where an update is not atomic with its filter (FerretDB 1.x across
   * processes): whoever inserts the lock document `<key>#<attempt>` first (unique index) owns the attempt;
   * only then is the record itself marked claimed.
   */
  async claim(key: string, owner: string, now: Date, leaseMs: number): Promise<OutboxRecord | null> {
    if (!isLookupText(key) || !isLookupText(owner)) return null;
    const outbox = await this.outbox.get();
    const current = await outbox.findOne({ key });
    if (!current || !isClaimable(current, now)) return null;
    const attempt = current.attempts + 1;
    const lock: ClaimLock = { lock: `${key}#${attempt}`, campaignId: current.campaignId, owner, at: now };
    if (!(await this.takeLock(lock, leaseMs))) return null;
    return outbox.findOneAndUpdate(
      { key, attempts: current.attempts },
      {
        $set: {
          state: 'claimed',
          leaseOwner: owner,
          leaseExpiresAt: new Date(now.getTime() + leaseMs),
          attempts: attempt,
          updatedAt: now,
        },
      },
    );
  }

  /**
   * Inserts the attempt's lock. A lock older than a lease whose record was never marked claimed belongs to a
   * worker that died between the two steps: it is removed (only while still stale) and taken once more.
   */
  private async takeLock(lock: ClaimLock, leaseMs: number): Promise<boolean> {
    const locks = await this.locks.get();
    for (let tries = 0; tries < 2; tries++) {
      try {
        await locks.insertOne(lock);
        return true;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        const staleBefore = new Date(lock.at.getTime() - leaseMs);
        if ((await locks.deleteMany({ lock: lock.lock, at: { $lt: staleBefore } })) === 0) return false;
      }
    }
    return false;
  }

  renew(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.extendLease(key, owner, now, leaseMs, {});
  }

  markOnWire(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.extendLease(key, owner, now, leaseMs, { onWireAt: now });
  }

  async clearOnWire(key: string, owner: string, now: Date): Promise<void> {
    if (!isLookupText(key) || !isLookupText(owner)) return;
    await (
      await this.outbox.get()
    ).updateMany(
      { key, state: 'claimed', leaseOwner: owner },
      { $set: { updatedAt: now }, $unset: { onWireAt: true } },
    );
  }

  private async extendLease(
    key: string,
    owner: string,
    now: Date,
    leaseMs: number,
    extra: Partial<OutboxRecord>,
  ): Promise<boolean> {
    if (!isLookupText(key) || !isLookupText(owner)) return false;
    const r = await (
      await this.outbox.get()
    ).findOneAndUpdate(
      { key, state: 'claimed', leaseOwner: owner, leaseExpiresAt: { $gt: now } },
      { $set: { leaseExpiresAt: new Date(now.getTime() + leaseMs), updatedAt: now, ...extra } },
    );
    return r !== null;
  }

  async complete(
    key: string,
    owner: string,
    state: OutboxFinalState,
    now: Date,
    reason?: string,
    details: OutboxCompletion = {},
  ): Promise<boolean> {
    if (!isLookupText(key) || !isLookupText(owner)) return false;
    const r = await (
      await this.outbox.get()
    ).findOneAndUpdate(
      { key, state: 'claimed', leaseOwner: owner },
      {
        $set: {
          state,
          updatedAt: now,
          completedAt: now,
          ...(reason ? { reason } : {}),
          ...(details.reach ? { reach: details.reach } : {}),
          ...(details.installAttempts ? { installAttempts: details.installAttempts } : {}),
        },
        $unset: { leaseExpiresAt: true },
      },
    );
    return r !== null;
  }

  async release(key: string, owner: string, now: Date): Promise<void> {
    if (!isLookupText(key) || !isLookupText(owner)) return;
    await (
      await this.outbox.get()
    ).updateMany(
      { key, state: 'claimed', leaseOwner: owner },
      {
        $set: { state: 'pending', updatedAt: now },
        $unset: { leaseOwner: true, leaseExpiresAt: true, onWireAt: true },
      },
    );
  }

  async supersedeBefore(campaignId: string, dueAt: Date, keep: string, now: Date): Promise<number> {
    if (!isLookupText(campaignId)) return 0;
    return (await this.outbox.get()).updateMany(
      { campaignId, state: 'pending', dueAt: { $lte: dueAt }, reminder: { $ne: keep } },
      { $set: { state: 'superseded', updatedAt: now, completedAt: now } },
    );
  }

  async deleteLocks(campaignId: string): Promise<number> {
    if (!isLookupText(campaignId)) return 0;
    return (await this.locks.get()).deleteMany({ campaignId });
  }

  async requeueUnreached(campaignId: string, reminder: string, now: Date): Promise<number> {
    if (!isLookupText(campaignId) || !isLookupText(reminder)) return 0;
    return (await this.outbox.get()).updateMany(
      {
        campaignId,
        reminder,
        channel: { $exists: false },
        state: { $in: ['failed', 'unreachable', 'no-reference'] },
      },
      {
        $set: { state: 'pending', dueAt: now, updatedAt: now },
        $unset: { completedAt: true, reason: true, leaseOwner: true, leaseExpiresAt: true, onWireAt: true },
      },
    );
  }

  async skipPending(campaignId: string, reason: string, now: Date): Promise<number> {
    if (!isLookupText(campaignId)) return 0;
    return (await this.outbox.get()).updateMany(
      { campaignId, state: 'pending' },
      { $set: { state: 'skipped', reason, updatedAt: now, completedAt: now } },
    );
  }

  async countSnoozes(campaignId: string, aadObjectId: string): Promise<{ total: number; pending: number }> {
    if (!isLookupText(campaignId) || !isLookupText(aadObjectId)) return { total: 0, pending: 0 };
    const outbox = await this.outbox.get();
    const filter = { campaignId, aadObjectId, reminder: { $in: SNOOZES } };
    const [total, pending] = await Promise.all([
      outbox.count(filter),
      outbox.count({ ...filter, state: { $in: ['pending', 'claimed'] } }),
    ]);
    return { total, pending };
  }

  async *stream(campaignId: string): AsyncIterable<OutboxRecord> {
    if (!isLookupText(campaignId)) return;
    yield* (await this.outbox.get()).stream({ campaignId }, { sort: { key: 1 } });
  }
}
