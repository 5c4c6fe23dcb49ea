import { FERRETDB_BUILD_HINT, findFerretDbBinary, startFerretDb, type FerretDbServer } from './ferretdb';

/** Shared between jest's per-project setup and teardown calls (they run in the same parent process). */
interface MongoTestGlobals {
  __mongoTestServer?: FerretDbServer;
}

/**
 * Jest globalSetup for the projects that need MongoDB (contract, integration). Uses MONGODB_URL when it is
 * set (by the developer, or by this setup for an earlier project in the same run); otherwise starts
 * FerretDB on a free loopback port and exports its URL to the test workers.
 */
export default async function mongoGlobalSetup(): Promise<void> {
  if (process.env.MONGODB_URL) return;
  const binary = findFerretDbBinary();
  if (!binary) {
    if (process.env.CI === 'true') {
      throw new Error(
        `The tests need MongoDB: MONGODB_URL is not set and no ferretdb binary was found. ${FERRETDB_BUILD_HINT}`,
      );
    }
    process.env.MONGO_TESTS_UNAVAILABLE = '1';
    process.stderr.write(
      `\n${'!'.repeat(78)}\n!! MongoDB tests are SKIPPED: MONGODB_URL is unset and no ferretdb binary was found.\n` +
        `!! ${FERRETDB_BUILD_HINT}\n${'!'.repeat(78)}\n\n`,
    );
    return;
  }
  const server = await startFerretDb({ binary });
  (globalThis as MongoTestGlobals).__mongoTestServer = server;
  process.env.MONGODB_URL = server.url;
  delete process.env.MONGO_TESTS_UNAVAILABLE;
}
