import dotenv from 'dotenv';
import { SingleBar, Presets } from 'cli-progress';
import parseArgs from 'yargs-parser';
import { openStore } from '../adapters/store/open-store';
import { DocumentStaffRepository } from '../adapters/store/staff-repository';
import { ConfigError, loadConfig } from '../config';
import { isAppError } from '../errors';
import { systemClock } from '../ports/clock';
import { DirectoryImporter, type ImportProgress } from '../services/directory-import/directory-importer';
import { formatReport } from '../services/directory-import/import-report';

const USAGE = 'Usage: npm run import -- --file staff.csv';
/** Files smaller than this import in a blink: no progress display. */
const PROGRESS_MIN_BYTES = 256 * 1024;
const PROGRESS_LINE_EVERY_MS = 2000;

/**
 * `npm run import -- --file staff.csv`: imports a directory CSV into the configured store (MongoDB when
 * MONGODB_URL is set, else the embedded store in DATA_DIR). Exit code 0 when the file was processed, even
 * with rejected rows; 1 when the file is missing, unreadable or has a bad header, or the store fails.
 */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { string: ['file'], boolean: ['help'], alias: { file: ['f'], help: ['h'] } });
  const file = (args.file as string | undefined) ?? (args._[0] as string | undefined);
  if (args.help === true || !file) {
    process.stderr.write(
      `${USAGE}\nColumns: upn, displayName, aadObjectId, organisation, orgUnit, role, atp, mobile (optional)\n`,
    );
    return args.help === true ? 0 : 1;
  }
  dotenv.config({ quiet: true });
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const importer = new DirectoryImporter(new DocumentStaffRepository(store), systemClock);
    const display = progressDisplay();
    const report = await importer.importFile(file, { onProgress: display.update }).finally(display.stop);
    process.stdout.write(`Imported ${file} into the ${store.description} store.\n`);
    process.stdout.write(`${formatReport(report).join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** A bar on a terminal, a line every couple of seconds otherwise (CI logs, pipes); nothing for small files. */
function progressDisplay(): { update: (p: ImportProgress) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  let lastLine = Date.now();
  const update = (p: ImportProgress): void => {
    if (!p.totalBytes || p.totalBytes < PROGRESS_MIN_BYTES) return;
    const percent = Math.min(100, Math.round((p.bytes / p.totalBytes) * 100));
    if (process.stdout.isTTY) {
      if (!bar) {
        bar = new SingleBar(
          { format: 'Importing [{bar}] {percentage}% | {rows} rows | ETA {eta_formatted}' },
          Presets.shades_classic,
        );
        bar.start(p.totalBytes, 0, { rows: 0 });
      }
      bar.update(p.bytes, { rows: p.rows });
    } else if (Date.now() - lastLine >= PROGRESS_LINE_EVERY_MS) {
      lastLine = Date.now();
      process.stdout.write(`Importing: ${p.rows} rows read (${percent}%)\n`);
    }
  };
  return { update, stop: () => bar?.stop() };
}

/** The underlying reason (e.g. the database driver's error), for the operator reading the CLI's output. */
function causeOf(err: Error): string {
  return err.cause instanceof Error ? ` (${err.cause.name}: ${err.cause.message})` : '';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (isAppError(err)) process.stderr.write(`Import failed: ${err.message}${causeOf(err)}\n`);
    else
      process.stderr.write(
        `Import failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    process.exitCode = 1;
  },
);
