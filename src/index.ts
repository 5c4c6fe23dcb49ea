import dotenv from 'dotenv';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { exitOnFatalErrors } from './fatal-errors';
import { createLogger } from './logger';

/**
 * `npm start`: read settings (a .env file is loaded if present), start the bot, and shut down gracefully
 * on SIGTERM / SIGINT: stop accepting, let turns in flight finish (up to SHUTDOWN_GRACE_MS), close the store.
 */
function readConfig(): Config {
  dotenv.config({ quiet: true });
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel });
  exitOnFatalErrors(logger);
  const app = await createApp(config, { logger });
  const address = await app.listen();
  logger.info(
    { store: app.store.kind, storeDescription: app.store.description, authEnabled: config.authEnabled },
    `bot listening on http://${address.address}:${address.port}/api/messages using the ${app.store.description} store`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    app.close().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`The bot could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
