/**
 * A bulk enable/disable waiting for its admin's "Confirm": one document per preview, bound to the admin
 * who asked, expiring after 10 minutes, moved pending -> applying exactly once (a state guard), so
 * pressing Confirm twice (or on two devices) applies the change once.
 */
export type BulkState = 'pending' | 'applying' | 'done' | 'cancelled';

export interface BulkSummary {
  changed: number;
  unchanged: number;
  refused: { upn: string; why: string }[];
  failed: { upn: string; why: string }[];
}

export interface BulkOperation {
  id: string;
  /** aadObjectId of the admin who asked; only they may confirm. */
  actor: string;
  action: 'enable' | 'disable';
  reason?: string;
  /** aadObjectIds in the admin's scope at preview time (checked again when applied). */
  targets: string[];
  outOfScope: number;
  notFound: string[];
  state: BulkState;
  createdAt: Date;
  expiresAt: Date;
  confirmedAt?: Date;
  finishedAt?: Date;
  /** While applying: last sign of life, how many targets are done and their tally so far. */
  heartbeatAt?: Date;
  appliedCount?: number;
  summary?: BulkSummary;
}

export interface BulkOperationRepository {
  create(op: BulkOperation): Promise<void>;
  get(id: string): Promise<BulkOperation | null>;
  /**
   * pending -> applying when `actor` asked for it and it has not expired; or, for the same actor, an
   * 'applying' operation whose process stopped giving signs of life before `staleBefore` (it died mid-way:
   * pressing Confirm again resumes it). Null for everyone else.
   */
  claim(id: string, actor: string, now: Date, staleBefore: Date): Promise<BulkOperation | null>;
  /** Records progress of an 'applying' operation: targets done so far and their tally. */
  heartbeat(id: string, appliedCount: number, summary: BulkSummary, now: Date): Promise<void>;
  finish(id: string, summary: BulkSummary, now: Date): Promise<void>;
  /** pending -> cancelled by its own admin; false when it was not pending. */
  cancel(id: string, actor: string, now: Date): Promise<boolean>;
  /**
   * Removes operations created before `before` (a day old: long expired, and any left 'applying' by a
   * process that died mid-way; the audit log keeps what was changed).
   */
  purge(before: Date): Promise<number>;
}
