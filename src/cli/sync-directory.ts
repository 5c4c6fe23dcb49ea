import dotenv from 'dotenv';
import parseArgs from 'yargs-parser';
import { createGraphModule } from '../adapters/graph/graph-module';
import { DocumentAuditLog } from '../adapters/store/audit-log';
import { openStore } from '../adapters/store/open-store';
import { DocumentStaffRepository } from '../adapters/store/staff-repository';
import { ConfigError, loadConfig } from '../config';
import { isAppError } from '../errors';
import { createLogger } from '../logger';
import { systemClock } from '../ports/clock';
import type { SyncProgress } from '../services/directory-sync/directory-sync-service';
import { formatSyncReport } from '../services/directory-sync/sync-report';

const USAGE = 'Usage: npm run sync [-- --full]   (needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a credential)';
const PROGRESS_EVERY_MS = 2000;

/**
 * `npm run sync`: reads the directory and registration state from Microsoft Graph into the configured store
 * (changes only when a delta link is stored; `--full` reads everyone). Exit code 0 on success, 1 when
 * Graph is not configured, cannot be reached, or the store fails.
 */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { boolean: ['full', 'help'], alias: { help: ['h'] } });
  if (args.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  dotenv.config({ quiet: true });
  const config = loadConfig();
  if (!config.graph) {
    process.stderr.write(`Microsoft Graph is not configured.\n${USAGE}\n`);
    return 1;
  }
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const store = await openStore(config);
  try {
    const staff = new DocumentStaffRepository(store);
    const graph = createGraphModule(config.graph, {
      store,
      staff,
      audit: new DocumentAuditLog(store),
      clock: systemClock,
      logger,
    });
    const before = await graph.status.freshness(systemClock.now());
    process.stdout.write(
      `Syncing from Microsoft Graph into the ${store.description} store (${before.text}).\n`,
    );
    const report = await graph.sync.run({ full: args.full === true, onProgress: progressPrinter() });
    process.stdout.write(`${formatSyncReport(report).join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** A line every couple of seconds (and at each phase change): pages and people so far. */
function progressPrinter(): (p: SyncProgress) => void {
  let last = 0;
  let phase = '';
  return (p) => {
    if (p.phase === phase && Date.now() - last < PROGRESS_EVERY_MS) return;
    phase = p.phase;
    last = Date.now();
    process.stdout.write(`  ${p.phase}: ${p.items} read, ${p.pages} pages\n`);
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (isAppError(err) && err.operational) process.stderr.write(`Sync failed: ${err.message}\n`);
    else
      process.stderr.write(
        `Sync failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    process.exitCode = 1;
  },
);
