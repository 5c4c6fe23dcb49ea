/** One row that was not imported, by the line it starts on (line 1 is the header). */
export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first MAX_REJECTION_DETAILS rejections, in file order; `rejected` counts them all. */
  rejections: RejectedRow[];
  /** Header names that are not directory columns (their values were not read). */
  ignoredColumns: string[];
  durationMs: number;
}

export const MAX_REJECTION_DETAILS = 10_000;

export function emptyReport(): ImportReport {
  return {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    ignoredColumns: [],
    durationMs: 0,
  };
}

export function addRejection(report: ImportReport, rejection: RejectedRow): void {
  report.rejected += 1;
  if (report.rejections.length < MAX_REJECTION_DETAILS) report.rejections.push(rejection);
}

/** The summary printed by `npm run import`: counts first, then every rejected row with its reason. */
export function formatReport(report: ImportReport): string[] {
  const lines = [
    `Directory import finished in ${(report.durationMs / 1000).toFixed(1)} s: ${report.rows} rows read.`,
    `  created:   ${report.created}`,
    `  updated:   ${report.updated}`,
    `  unchanged: ${report.unchanged}`,
    `  rejected:  ${report.rejected}`,
  ];
  if (report.ignoredColumns.length > 0) lines.push(`Ignored columns: ${report.ignoredColumns.join(', ')}`);
  if (report.rejected > 0) {
    lines.push('Rejected rows:');
    const sorted = [...report.rejections].sort((a, b) => a.line - b.line);
    for (const r of sorted) lines.push(`  line ${r.line}: ${r.reason}`);
    const hidden = report.rejected - report.rejections.length;
    if (hidden > 0) lines.push(`  ... and ${hidden} more rejected rows (not listed)`);
  }
  return lines;
}
