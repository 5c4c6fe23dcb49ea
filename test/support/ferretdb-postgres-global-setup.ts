import { findFerretDbBinary, FERRETDB_BUILD_HINT } from './ferretdb';
import {
  POSTGRES_INSTALL_HINT,
  postgresBinDir,
  startFerretOnPostgres,
  type FerretOnPostgres,
} from './ferretdb-postgres';

/** Shared between jest's setup and teardown calls (they run in the same parent process). */
interface PgTestGlobals {
  __ferretOnPostgres?: FerretOnPostgres;
}

/**
 * Jest globalSetup for the `contract-pg` project: FerretDB on a private PostgreSQL cluster, its URL exported as
 * FERRETDB_PG_URL (use-postgres-backend.ts hands it to the tests as MONGODB_URL; the other projects keep
 * theirs). Uses FERRETDB_PG_URL when it is already set. Locally, without PostgreSQL or FerretDB, the project's
 * MongoDB tests are skipped with a loud notice; in CI that is a failure.
 */
export default async function ferretOnPostgresGlobalSetup(): Promise<void> {
  if (process.env.FERRETDB_PG_URL) return;
  const missing = !postgresBinDir()
    ? `PostgreSQL is not installed. ${POSTGRES_INSTALL_HINT}`
    : !findFerretDbBinary()
      ? `No ferretdb binary. ${FERRETDB_BUILD_HINT}`
      : undefined;
  if (missing) {
    if (process.env.CI === 'true')
      throw new Error(`The contract-pg tests need FerretDB on PostgreSQL: ${missing}`);
    process.stderr.write(
      `\n${'!'.repeat(78)}\n!! FerretDB/PostgreSQL contract tests are SKIPPED: ${missing}\n${'!'.repeat(78)}\n\n`,
    );
    return;
  }
  const server = await startFerretOnPostgres();
  (globalThis as PgTestGlobals).__ferretOnPostgres = server;
  process.env.FERRETDB_PG_URL = server.url;
}
