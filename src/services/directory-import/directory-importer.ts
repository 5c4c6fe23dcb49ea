import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse, type CsvError, type InfoRecord } from 'csv-parse';
import type { Clock } from '../../ports/clock';
import type { StaffRepository } from '../../ports/staff-repository';
import { DuplicateKeyError, StoreUnavailableError } from '../../errors';
import { pickColumns, resolveColumns, type ColumnLayout } from './directory-columns';
import { DirectoryFileError } from './directory-file-error';
import { parseDirectoryRow } from './directory-row';
import { addRejection, emptyReport, type ImportReport } from './import-report';
import type { DirectoryRecord } from '../../domain/staff';

export interface ImportProgress {
  rows: number;
  bytes: number;
  /** Size of the input when known (files), for a percentage. */
  totalBytes?: number;
}

export interface ImportOptions {
  totalBytes?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows between progress callbacks (default 500). */
  progressEvery?: number;
}

interface ParsedRow {
  record: string[];
  info: { lines: number; bytes: number };
}

/**
 * Imports a directory CSV into the staff repository: streams and validates every row, refuses
 * duplicates within the file, upserts the rest (idempotent) and counts what happened.
 * A bad row never stops the import; a missing file or bad header does (DirectoryFileError).
 */
export interface ImporterSettings {
  /** Upserts in flight at once (default 8). */
  concurrency?: number;
  /**
   * Waits before retrying a row whose upsert failed with StoreUnavailableError (a slow or restarting
   * database); when they are used up the import stops with that error. Default 0.5 s, 2 s, 5 s.
   */
  retryDelaysMs?: readonly number[];
}

export class DirectoryImporter {
  private readonly concurrency: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(
    private readonly staff: StaffRepository,
    private readonly clock: Clock,
    settings: ImporterSettings = {},
  ) {
    this.concurrency = Math.max(1, settings.concurrency ?? 8);
    this.retryDelaysMs = settings.retryDelaysMs ?? [500, 2000, 5000];
  }

  async importFile(path: string, options: Omit<ImportOptions, 'totalBytes'> = {}): Promise<ImportReport> {
    let size: number;
    try {
      const stat = await fs.stat(path);
      if (!stat.isFile()) throw new DirectoryFileError(`${path} is not a file.`);
      size = stat.size;
      await fs.access(path, fs.constants.R_OK);
    } catch (err) {
      if (err instanceof DirectoryFileError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EACCES'
            ? 'cannot be read (permission denied)'
            : 'cannot be read';
      throw new DirectoryFileError(`The file ${path} ${why}.`, { cause: err });
    }
    return this.importStream(createReadStream(path), { ...options, totalBytes: size });
  }

  async importStream(source: Readable, options: ImportOptions = {}): Promise<ImportReport> {
    const started = Date.now();
    const report = emptyReport();
    const seenUpn = new Map<string, number>();
    const seenId = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let lastLine = 1;
    // No `trim` and relaxed quotes: csv-parse loses the rows after a quoting error in those modes, so
    // stray quotes are kept as text (and validated) and values are trimmed by the row schema instead.
    const parser = parse({
      bom: true,
      info: true,
      relax_quotes: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      // Called in parse order (the loop below may lag behind), so skipped records get the right line.
      on_record: (record: string[], context: InfoRecord) => {
        lastLine = context.lines;
        return record;
      },
      on_skip: (err: CsvError | undefined) => {
        if (!err) return undefined;
        report.rows += 1;
        addRejection(report, { line: lastLine + 1, reason: csvProblem(err) });
        return undefined;
      },
    });
    source.on('error', (err) =>
      parser.destroy(new DirectoryFileError(`The file could not be read: ${err.message}`, { cause: err })),
    );
    source.pipe(parser);

    let layout: ColumnLayout | undefined;
    const every = options.progressEvery ?? 500;
    const progress = (bytes: number) =>
      options.onProgress?.({ rows: report.rows, bytes, totalBytes: options.totalBytes });
    try {
      for await (const row of parser as AsyncIterable<ParsedRow>) {
        if (!layout) {
          layout = resolveColumns(row.record);
          report.ignoredColumns = layout.ignored;
          continue;
        }
        if (row.record.every((field) => field.trim().length === 0)) continue;
        report.rows += 1;
        const line = startLine(row);
        const record = this.validate(row, layout, line, report, seenUpn, seenId);
        if (record) {
          const task: Promise<void> = this.upsert(record, line, report)
            .catch((error: unknown) => {
              failure ??= { error };
            })
            .finally(() => inFlight.delete(task));
          inFlight.add(task);
          if (inFlight.size >= this.concurrency) await Promise.race(inFlight);
        }
        if (failure) throw failure.error;
        if (report.rows % every === 0) progress(row.info.bytes);
      }
      await Promise.all(inFlight);
      if (failure) throw failure.error;
    } catch (err) {
      await Promise.all(inFlight);
      parser.destroy();
      source.destroy();
      throw err;
    }
    if (!layout)
      throw new DirectoryFileError('The file is empty: expected a header line naming the columns.');
    progress(options.totalBytes ?? parser.info.bytes);
    report.durationMs = Date.now() - started;
    return report;
  }

  private validate(
    row: ParsedRow,
    layout: ColumnLayout,
    line: number,
    report: ImportReport,
    seenUpn: Map<string, number>,
    seenId: Map<string, number>,
  ): DirectoryRecord | undefined {
    if (row.record.length < layout.width) {
      addRejection(report, { line, reason: `expected ${layout.width} columns, found ${row.record.length}` });
      return undefined;
    }
    const result = parseDirectoryRow(pickColumns(layout, row.record));
    if (!result.ok) {
      addRejection(report, { line, reason: result.reason });
      return undefined;
    }
    const { upn, aadObjectId } = result.record;
    const upnLine = seenUpn.get(upn);
    const idLine = seenId.get(aadObjectId);
    if (upnLine !== undefined || idLine !== undefined) {
      const reason =
        upnLine !== undefined
          ? `duplicate upn (already on line ${upnLine})`
          : `duplicate aadObjectId (already on line ${idLine})`;
      addRejection(report, { line, reason });
      return undefined;
    }
    seenUpn.set(upn, line);
    seenId.set(aadObjectId, line);
    return result.record;
  }

  private async upsert(record: DirectoryRecord, line: number, report: ImportReport): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.staff.upsertFromDirectory(record, this.clock.now());
        report[outcome] += 1;
        return;
      } catch (err) {
        if (err instanceof DuplicateKeyError) {
          addRejection(report, {
            line,
            reason: `${err.key} already belongs to another person in the directory`,
          });
          return;
        }
        const delay = this.retryDelaysMs[attempt];
        if (!(err instanceof StoreUnavailableError) || delay === undefined) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/** csv-parse reports the line a record ends on; quoted fields may span lines, so count back to its first line. */
function startLine(row: ParsedRow): number {
  const breaks = row.record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
  return row.info.lines - breaks;
}

function csvProblem(err: CsvError): string {
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return 'malformed CSV: a quoted value is never closed, so the rest of the file could not be read';
  }
  return `malformed CSV: ${err.message.replace(/ at line \d+.*$/, '')}`;
}
