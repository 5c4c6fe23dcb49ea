import { rmSync } from 'node:fs';
import type { FerretDbServer } from './ferretdb';

interface MongoTestGlobals {
  __mongoTestServer?: FerretDbServer;
}

/** Stops the FerretDB that mongo-global-setup started (and nothing else). */
export default async function mongoGlobalTeardown(): Promise<void> {
  const globals = globalThis as MongoTestGlobals;
  const server = globals.__mongoTestServer;
  if (!server) return;
  globals.__mongoTestServer = undefined;
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
  if (process.env.MONGODB_URL === server.url) delete process.env.MONGODB_URL;
}
