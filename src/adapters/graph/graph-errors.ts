import { AppError } from '../../errors';

/**
 * A Graph call that failed after its retries (or could not get a token). Operational: Graph being down or
 * throttling is expected; callers log it once and carry on with the last known state.
 * The message never holds tokens, secrets or personal data beyond an object id.
 */
export class GraphRequestError extends AppError {
  constructor(
    message: string,
    public readonly status: number,
    public readonly graphCode?: string,
    options?: { cause?: unknown },
    /** Graph's request-id when the answer carried one, else the client-request-id the bot sent. */
    public readonly requestId?: string,
  ) {
    super('INTERNAL', message, true, options);
    this.name = 'GraphRequestError';
  }
}

export function isGraphStatus(err: unknown, ...statuses: number[]): boolean {
  return err instanceof GraphRequestError && statuses.includes(err.status);
}
