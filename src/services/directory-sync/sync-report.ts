/** What one directory sync did, counted like the CSV import (created / updated / unchanged / rejected). */
export interface SyncReport {
  full: boolean;
  pages: number;
  users: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  removed: number;
  roleChanges: number;
  registrations: {
    read: number;
    markedEnrolled: number;
    alreadyEnrolled: number;
    notRegistered: number;
    unmapped: number;
    unknownPerson: number;
    conflicts: number;
  };
  durationMs: number;
}

export function emptySyncReport(): SyncReport {
  return {
    full: false,
    pages: 0,
    users: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    removed: 0,
    roleChanges: 0,
    registrations: {
      read: 0,
      markedEnrolled: 0,
      alreadyEnrolled: 0,
      notRegistered: 0,
      unmapped: 0,
      unknownPerson: 0,
      conflicts: 0,
    },
    durationMs: 0,
  };
}

export function formatSyncReport(r: SyncReport): string[] {
  const g = r.registrations;
  return [
    `Directory sync (${r.full ? 'full' : 'changes only'}) finished in ${(r.durationMs / 1000).toFixed(1)} s: ${r.users} users in ${r.pages} pages.`,
    `  created:   ${r.created}`,
    `  updated:   ${r.updated}`,
    `  unchanged: ${r.unchanged}`,
    `  rejected:  ${r.rejected}`,
    `  removed:   ${r.removed}`,
    `  role changes (people not otherwise changed): ${r.roleChanges}`,
    `Registrations read: ${g.read}; marked enrolled: ${g.markedEnrolled}; already enrolled: ${g.alreadyEnrolled}; not registered: ${g.notRegistered}; registered with methods we do not report: ${g.unmapped}; not in the directory: ${g.unknownPerson}; changed meanwhile: ${g.conflicts}`,
  ];
}

/** Counts for the sync state document (flat numbers only). */
export function reportCounts(r: SyncReport): Record<string, number> {
  return {
    users: r.users,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    removed: r.removed,
    markedEnrolled: r.registrations.markedEnrolled,
  };
}
