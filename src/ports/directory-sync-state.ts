/** What the last directory sync left behind: the delta token, when it last worked, and the role groups it saw. */
export interface DirectorySyncState {
  source: string;
  deltaToken?: string;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  /** A short, secret-free description of the last failure (cleared by a success). */
  lastError?: string;
  /** Role group members at the last successful sync, to spot role changes of people whose record did not change. */
  roles?: { globalAdmins: string[]; helpdesk: string[]; localAdmins: string[]; atp: string[] };
  /** Counts from the last successful sync (for `status`). */
  lastCounts?: Record<string, number>;
}

export interface DirectorySyncStateRepository {
  get(source: string): Promise<DirectorySyncState | null>;
  /** Upserts the given fields (single-document write). */
  save(source: string, fields: Omit<DirectorySyncState, 'source'>): Promise<void>;
  /** Records people the directory removed (kept, with the time, for reports and clean-up). */
  markRemoved(source: string, ids: string[], at: Date): Promise<void>;
  listRemoved(source: string, limit: number): Promise<{ id: string; removedAt: Date }[]>;
}
