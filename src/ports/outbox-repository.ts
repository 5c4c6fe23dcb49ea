/**
 * The campaign outbox: one record per (campaign, person, reminder), unique by key. A worker claims a
 * record with a lease before sending and completes it after; an expired lease can be claimed again.
 */
export const OUTBOX_FINAL_STATES = [
  'sent',
  'failed',
  'unreachable',
  'no-reference',
  'skipped',
  'superseded',
] as const;
export type OutboxFinalState = (typeof OUTBOX_FINAL_STATES)[number];
export type OutboxState = 'pending' | 'claimed' | OutboxFinalState;

export interface OutboxRecord {
  key: string;
  campaignId: string;
  aadObjectId: string;
  organisation: string;
  /** 'd14', 'd7', ... 'd0' or 'snooze-1'..'snooze-3'. */
  reminder: string;
  /** Absent: a Teams message. 'email': the email fallback for a person the Teams record did not reach. */
  channel?: 'email';
  dueAt: Date;
  state: OutboxState;
  /** Why a record ended 'skipped' (enrolled, excepted, not-found, cancelled). */
  reason?: string;
  leaseOwner?: string;
  leaseExpiresAt?: Date;
  /**
   * Set just before the HTTP request that delivers the reminder (cleared again when Teams answers 429).
   * A record taken over from a dead worker with this set may already be in the person's chat, so it is
   * completed as sent ('unconfirmed') rather than sent twice.
   */
  onWireAt?: Date;
  attempts: number;
  /** How the person was reached in Teams: the app was there already, or the bot installed it (Graph). */
  reach?: 'already' | 'installed';
  /** Installs tried for this reminder (proactive install and self-healing), bounded by the dispatcher. */
  installAttempts?: number;
  createdAt: Date;
  updatedAt: Date;
  completedAt?: Date;
}

export type NewOutboxRecord = Pick<
  OutboxRecord,
  'campaignId' | 'aadObjectId' | 'organisation' | 'reminder' | 'dueAt' | 'channel'
>;

/** What a completion records besides the state and reason. */
export interface OutboxCompletion {
  reach?: OutboxRecord['reach'];
  installAttempts?: number;
}

/** One record per (campaign, person, reminder, channel): at most one Teams message and one email per step. */
export function outboxKey(
  r: Pick<OutboxRecord, 'campaignId' | 'aadObjectId' | 'reminder'> & { channel?: 'email' },
): string {
  const base = `${r.campaignId}:${r.aadObjectId}:${r.reminder}`;
  return r.channel ? `${base}:${r.channel}` : base;
}

export interface OutboxRepository {
  /** Inserts a pending record; false when one with the same key already exists. */
  enqueue(record: NewOutboxRecord, now: Date): Promise<boolean>;
  /** Pending (or lease-expired) records due by `now` for these campaigns, oldest first. */
  findClaimable(campaignIds: string[], now: Date, limit: number): Promise<OutboxRecord[]>;
  /** Claims one record for `owner` until now + leaseMs; null when someone else holds it or it is done. */
  claim(key: string, owner: string, now: Date, leaseMs: number): Promise<OutboxRecord | null>;
  /** Extends the lease if `owner` still holds it; false when the lease was lost. */
  renew(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /** renew, and records that the request is about to go out (onWireAt = now); false when the lease was lost. */
  markOnWire(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Teams refused the attempt without taking the message: clears onWireAt while `owner` holds the lease. */
  clearOnWire(key: string, owner: string, now: Date): Promise<void>;
  /** Moves a claimed record to a final state; false when `owner` no longer held it. */
  complete(
    key: string,
    owner: string,
    state: OutboxFinalState,
    now: Date,
    reason?: string,
    details?: OutboxCompletion,
  ): Promise<boolean>;
  /** Gives a claim back (campaign paused meanwhile): pending again, no lease. */
  release(key: string, owner: string, now: Date): Promise<void>;
  /**
   * Marks a campaign's pending reminders due at or before `dueAt` superseded, except those named `keep`:
   * a newer reminder replaces older ones and a snooze due at the same moment.
   */
  supersedeBefore(campaignId: string, dueAt: Date, keep: string, now: Date): Promise<number>;
  /**
   * `campaign resend`: the records of one reminder that did not reach their person (failed, unreachable, no
   * conversation or install failed) become pending again, due `now`; records that were sent are never touched.
   */
  requeueUnreached(campaignId: string, reminder: string, now: Date): Promise<number>;
  /** Ends every pending record of a campaign (cancelled or finished) as skipped with `reason`. */
  skipPending(campaignId: string, reason: string, now: Date): Promise<number>;
  /** Snoozes a person asked for in a campaign: all of them, and those still waiting to be sent. */
  /** Removes a finished or cancelled campaign's claim locks (they only matter while records can be claimed). */
  deleteLocks(campaignId: string): Promise<number>;
  countSnoozes(campaignId: string, aadObjectId: string): Promise<{ total: number; pending: number }>;
  /** Every record of a campaign, for the status funnel and exports. */
  stream(campaignId: string): AsyncIterable<OutboxRecord>;
}
