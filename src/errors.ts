/**
 * One error type for the whole bot. `operational` errors are expected (bad input, a database that is
 * down, a conflicting change) and get a friendly answer; anything else is a bug and gets an apology
 * with a reference id. Each error is logged once, where it is handled (the turn error handler or the CLI).
 */
export const ERROR_CODES = {
  STORE_UNAVAILABLE: "I can't reach my records right now, please try again in a few minutes.",
  CONCURRENT_CHANGE: 'That record was changed by someone else meanwhile. Please try again.',
  DUPLICATE_KEY: 'That record already exists.',
  NOT_FOUND: "I couldn't find that.",
  VALIDATION: "That doesn't look right.",
  FORBIDDEN: "Sorry, you aren't allowed to do that.",
  RATE_LIMITED: "You're going a bit fast. Please wait a moment and try again.",
  INTERNAL: 'Something went wrong on my side.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message?: string,
    public readonly operational = code !== 'INTERNAL',
    options?: { cause?: unknown },
  ) {
    super(message ?? ERROR_CODES[code], options);
    this.name = 'AppError';
  }

  /** Text safe to show to a user: never contains internals. */
  get userMessage(): string {
    return this.operational ? this.message : ERROR_CODES.INTERNAL;
  }
}

export class StoreUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super('STORE_UNAVAILABLE', undefined, true, { cause });
    this.name = 'StoreUnavailableError';
  }
}

export class ConcurrencyError extends AppError {
  constructor(what = 'record') {
    super('CONCURRENT_CHANGE', `That ${what} was changed by someone else meanwhile. Please try again.`);
    this.name = 'ConcurrencyError';
  }
}

export class DuplicateKeyError extends AppError {
  constructor(public readonly key: string) {
    super('DUPLICATE_KEY', `A record with that ${key} already exists.`);
    this.name = 'DuplicateKeyError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
