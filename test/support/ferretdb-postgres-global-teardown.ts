import type { FerretOnPostgres } from './ferretdb-postgres';

interface PgTestGlobals {
  __ferretOnPostgres?: FerretOnPostgres;
}

/** Stops the FerretDB and PostgreSQL that ferretdb-postgres-global-setup started (and nothing else). */
export default async function ferretOnPostgresGlobalTeardown(): Promise<void> {
  const globals = globalThis as PgTestGlobals;
  const server = globals.__ferretOnPostgres;
  if (!server) return;
  globals.__ferretOnPostgres = undefined;
  await server.stop();
  if (process.env.FERRETDB_PG_URL === server.url) delete process.env.FERRETDB_PG_URL;
}
