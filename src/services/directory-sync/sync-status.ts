import type { DirectorySyncStateRepository } from '../../ports/directory-sync-state';

export interface DirectoryFreshness {
  source: string;
  /** When the directory was last read successfully; undefined when it never was. */
  asOf?: Date;
  ageMs?: number;
  lastError?: string;
  /** Counts from the last successful sync. */
  lastCounts?: Record<string, number>;
  /** e.g. "directory as of 2 h ago" / "directory as of 2 h ago (last sync failed: ...)" / "directory never synced". */
  text: string;
}

/** How old the directory the bot works from is: for `status` and for admins when Graph is failing. */
export class DirectorySyncStatus {
  constructor(
    private readonly state: DirectorySyncStateRepository,
    private readonly source: string,
  ) {}

  async freshness(now: Date): Promise<DirectoryFreshness> {
    const s = await this.state.get(this.source);
    const asOf = s?.lastSuccessAt;
    const ageMs = asOf ? Math.max(0, now.getTime() - asOf.getTime()) : undefined;
    const base = ageMs === undefined ? 'directory never synced' : `directory as of ${formatAge(ageMs)}`;
    const failed = s?.lastError && (!asOf || (s.lastAttemptAt && s.lastAttemptAt > asOf));
    const text = failed ? `${base} (last sync failed: ${s.lastError})` : base;
    return {
      source: this.source,
      asOf,
      ageMs,
      lastError: failed ? s.lastError : undefined,
      lastCounts: s?.lastCounts,
      text,
    };
  }
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
