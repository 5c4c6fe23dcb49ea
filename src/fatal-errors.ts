import type { Logger } from './logger';

/**
 * What an uncaught exception or unhandled rejection does: the process state can no longer be trusted, so it
 * is logged once at fatal (with the error, never the request) and the process exits with code 1 for the
 * supervisor (the container platform, systemd, Azure App Service) to start a fresh one. A second fault while
 * exiting does not log again.
 */
export function exitOnFatalErrors(
  logger: Logger,
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  let exiting = false;
  const fatal = (kind: string, err: unknown): void => {
    if (exiting) return;
    exiting = true;
    logger.fatal({ err, kind }, `${kind}: exiting for the supervisor to restart the bot`);
    // Exit once the line is written (pino's stdout destination is asynchronous), or after 1 s regardless.
    const timer = setTimeout(() => exit(1), 1000);
    logger.flush(() => {
      clearTimeout(timer);
      exit(1);
    });
  };
  process.on('uncaughtException', (err) => fatal('uncaught exception', err));
  process.on('unhandledRejection', (reason) => fatal('unhandled rejection', reason));
}
