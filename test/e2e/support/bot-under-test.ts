import fs from 'node:fs';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { createApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { systemClock } from '../../../src/ports/clock';
import { DirectoryImporter } from '../../../src/services/directory-import/directory-importer';

export const SAMPLE_DIRECTORY = path.join(__dirname, '..', '..', 'fixtures', 'staff.csv');

export interface BotUnderTest {
  /** http://127.0.0.1:<port>/api/messages */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the real bot (createApp) in this process on 127.0.0.1 and a free port, on the embedded store in
 * `dataDir`, seeded with the sample directory. Its JSON log goes to `logFile`, not the test output.
 */
export async function startBot(options: {
  dataDir: string;
  logFile: string;
  env?: Record<string, string>;
}): Promise<BotUnderTest> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const store = new EmbeddedDocumentStore({ dataDir: options.dataDir });
  const seeded = await new DirectoryImporter(new DocumentStaffRepository(store), systemClock).importFile(
    SAMPLE_DIRECTORY,
  );
  if (seeded.rejected > 0) throw new Error(`The sample directory has ${seeded.rejected} rejected rows`);
  const logStream = fs.createWriteStream(options.logFile, { flags: 'a' });
  const logger = createLogger({ level: config.logLevel, destination: logStream });
  const app = await createApp(config, { store, logger });
  const address = await app.listen(0);
  return {
    endpoint: `http://127.0.0.1:${address.port}/api/messages`,
    async stop() {
      await app.close();
      logger.flush();
      await new Promise<void>((resolve) => logStream.end(resolve));
    },
  };
}
