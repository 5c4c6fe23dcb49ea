import { randomFillSync } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names whose values never reach a log line: credentials, tokens, one-time codes, TOTP seeds and
 * phone numbers. They are censored at the top level and up to four levels deep (pino's redact paths
 * cannot express "any depth"; deeper objects should not be logged whole in the first place).
 */
export const SENSITIVE_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'password',
  'appPassword',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'encryptionKey',
  'code',
  'otp',
  'totp',
  'seed',
  'secretKey',
  'phone',
  'phoneNumber',
  'mobile',
  'alternateMobile',
  'e164',
] as const;

const MAX_DEPTH = 4;

export function redactPaths(keys: readonly string[] = SENSITIVE_KEYS): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    let prefix = '';
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      paths.push(`${prefix}${key}`);
      prefix += '*.';
    }
  }
  // HTTP request shapes: req.headers.authorization and friends.
  paths.push(
    'req.headers.authorization',
    'req.headers.cookie',
    'headers.authorization',
    '*.headers.authorization',
  );
  return paths;
}

export const REDACTED = '[redacted]';

export interface LoggerOptions {
  level: string;
  /** Where the JSON lines go (tests pass a stream to capture them); stdout by default. */
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name ?? 'mfa-enrolment-bot',
      level: options.level,
      redact: { paths: redactPaths(), censor: REDACTED },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

const TURN_ID_BYTES = 5;
/** Random bytes for the next 512 turn ids: one call into the random source instead of one per turn. */
const turnIdPool = Buffer.alloc(TURN_ID_BYTES * 512);
let turnIdOffset = turnIdPool.length;

/** A short id for one turn, shown to users as an error reference and carried by every log line of the turn. */
export function newTurnId(): string {
  if (turnIdOffset >= turnIdPool.length) {
    randomFillSync(turnIdPool);
    turnIdOffset = 0;
  }
  const id = turnIdPool.toString('hex', turnIdOffset, turnIdOffset + TURN_ID_BYTES).toUpperCase();
  turnIdOffset += TURN_ID_BYTES;
  return id;
}

/**
 * A child logger carrying the turn id (and whatever context the caller adds), made when the turn first logs:
 * pino runs its redaction over a child's bindings when the child is made, a cost every turn paid though most
 * turns log nothing (a FAQ answer logs no line at the default level).
 */
export function turnLogger(base: Logger, turnId: string, context: Record<string, unknown> = {}): Logger {
  let child: Logger | undefined;
  const made = (): Logger => (child ??= base.child({ turnId, ...context }));
  return new Proxy(base, {
    get(_target, property) {
      const logger = made();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(logger) : value;
    },
  });
}
