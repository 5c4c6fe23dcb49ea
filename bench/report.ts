import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { DocumentAuditLog } from '../src/adapters/store/audit-log';
import { DocumentStaffRepository } from '../src/adapters/store/staff-repository';
import type { DocumentStore } from '../src/ports/document-store';
import { systemClock } from '../src/ports/clock';
import { actorFrom } from '../src/services/admin/admin-actor';
import { CSV_COLUMNS, csvRow } from '../src/services/reports/csv-row';
import { ReportService } from '../src/services/reports/report-service';
import { globalAdmin } from '../test/unit/campaigns/support/campaign-harness';

export interface ReportResult {
  users: number;
  csvMs: number;
  summaryMs: number;
  /** Peak RSS during the export and the summary, minus RSS before, in MB. */
  rssGrowthMb: number;
  csvBytes: number;
  /** Writing the same rows with csv-stringify from an in-memory array. */
  baselineMs: number;
  ratio: number;
}

/** Times the CSV export and the summary of ReportService over `store`, against a csv-stringify baseline. */
export async function measureReport(store: DocumentStore): Promise<ReportResult> {
  const staff = new DocumentStaffRepository(store);
  const reports = new ReportService({ staff, audit: new DocumentAuditLog(store), clock: systemClock });
  const actor = actorFrom(globalAdmin());
  // Warm-up (indexes, first connection, JIT): one summary and one export, untimed.
  const summary0 = await reports.summary(actor, {});
  const someOrg = typeof summary0 === 'string' ? undefined : summary0.rows[0]?.organisation;
  const warm = await reports.csv(actor, { organisation: someOrg });
  if (typeof warm !== 'string') await pipeline(warm, sink().stream);

  const rows: string[][] = [];
  for await (const s of staff.stream({})) rows.push(csvRow(s));
  const baseStart = performance.now();
  await pipeline(Readable.from(rows), stringify({ header: true, columns: [...CSV_COLUMNS] }), sink().stream);
  const baselineMs = performance.now() - baseStart;
  rows.length = 0;

  const rss = rssSampler();
  const csvStart = performance.now();
  const csv = await reports.csv(actor, {});
  if (typeof csv === 'string') throw new Error(`the report was refused: ${csv}`);
  const out = sink();
  await pipeline(csv, out.stream);
  const csvMs = performance.now() - csvStart;
  const sumStart = performance.now();
  const summary = await reports.summary(actor, {});
  const summaryMs = performance.now() - sumStart;
  const rssGrowthMb = rss.stop();
  if (typeof summary === 'string') throw new Error(`the summary was refused: ${summary}`);
  return {
    users: summary.total,
    csvMs,
    summaryMs,
    rssGrowthMb,
    csvBytes: out.bytes(),
    baselineMs,
    ratio: csvMs / baselineMs,
  };
}

function sink(): { stream: Writable; bytes(): number } {
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { stream, bytes: () => bytes };
}

function rssSampler(): { stop(): number } {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return (peak - before) / 1024 / 1024;
    },
  };
}
