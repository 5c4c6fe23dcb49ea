/** One append-only record of a change: who, what, when, before -> after, why. Never holds secrets or codes. */
export interface AuditRecord {
  id: string;
  at: Date;
  /** aadObjectId of whoever acted ('system' for the sweeper, 'import' for the directory import). */
  actor: string;
  actorUpn?: string;
  /** Dotted verb, e.g. 'mfa.enable', 'exception.grant', 'enrolment.verified', 'admin.refused'. */
  action: string;
  /** aadObjectId of the person changed, when there is one. */
  target?: string;
  targetUpn?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  reason?: string;
  outcome: 'success' | 'refused' | 'failed';
}

export interface AuditLog {
  append(record: Omit<AuditRecord, 'id'>): Promise<AuditRecord>;
  /** Newest first. */
  listForTarget(target: string, limit: number): Promise<AuditRecord[]>;
  listByAction(action: string, limit: number): Promise<AuditRecord[]>;
}
