import fs from 'node:fs';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { systemClock, type Clock } from '../../../src/ports/clock';
import { DirectoryImporter } from '../../../src/services/directory-import/directory-importer';

export const SAMPLE_DIRECTORY = path.join(__dirname, '..', '..', 'fixtures', 'staff.csv');

export interface BotUnderTest {
  /** http://127.0.0.1:<port>/api/messages */
  endpoint: string;
  /** The running app, for scenarios that reach past the chat (e.g. run the exception sweeper once). */
  app: App;
  /** The bot's DATA_DIR (the embedded store, the dev SMS outbox in outbox/sms.log). */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real bot (createApp) in this process on 127.0.0.1 and a free port, on the embedded store in
 * `dataDir`, seeded with the sample directory. Its JSON log goes to `logFile`, not the test output.
 * `clock` (default: the system clock) is what the app reads "now" from, so a scenario can move time.
 */
export async function startBot(options: {
  dataDir: string;
  logFile: string;
  env?: Record<string, string>;
  clock?: Clock;
}): Promise<BotUnderTest> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const store = new EmbeddedDocumentStore({ dataDir: options.dataDir });
  const clock = options.clock ?? systemClock;
  const seeded = await new DirectoryImporter(new DocumentStaffRepository(store), clock).importFile(
    SAMPLE_DIRECTORY,
  );
  if (seeded.rejected > 0) throw new Error(`The sample directory has ${seeded.rejected} rejected rows`);
  const logStream = fs.createWriteStream(options.logFile, { flags: 'a' });
  const logger = createLogger({ level: config.logLevel, destination: logStream });
  const app = await createApp(config, { store, logger, clock });
  const address = await app.listen(0);
  return {
    endpoint: `http://127.0.0.1:${address.port}/api/messages`,
    app,
    dataDir: options.dataDir,
    async stop() {
      await app.close();
      logger.flush();
      await new Promise<void>((resolve) => logStream.end(resolve));
    },
  };
}
