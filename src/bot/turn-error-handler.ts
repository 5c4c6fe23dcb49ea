import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { AppError, StoreUnavailableError } from '../errors';
import { newTurnId, type Logger } from '../logger';
import type { Metrics } from '../metrics';
import { common } from '../strings';
import { messageResponse } from './invoke-response';
import { getTurnId, getTurnLogger } from './turn-state';

/**
 * The first StoreUnavailableError / AppError in the error's cause chain (botbuilder may wrap ours: a
 * DialogContextError keeps the original in `error`, not in `cause`).
 */
function findAppError(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof AppError) return current;
    current = current.cause ?? (current as { error?: unknown }).error;
  }
  return undefined;
}

/** What the user is told, and how the error is counted. */
export function describeTurnError(
  error: unknown,
  referenceId: string,
): { text: string; code: string; operational: boolean } {
  const appError = findAppError(error);
  if (appError instanceof StoreUnavailableError) {
    return { text: common.storeUnavailable, code: appError.code, operational: true };
  }
  if (appError?.operational) return { text: appError.userMessage, code: appError.code, operational: true };
  return { text: common.apology(referenceId), code: 'INTERNAL', operational: false };
}

/**
 * The adapter's onTurnError: the one place a turn's error is logged (once) and answered.
 * Operational AppErrors get their own user message (warn); anything else gets a short apology with the
 * turn id as a reference (one error line with the details), and the conversation's dialog state is
 * dropped so a broken dialog cannot trap the person.
 */
export function createTurnErrorHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  conversationState?: ConversationState;
}): (turn: TurnContext, error: Error) => Promise<void> {
  return async (turn, error) => {
    const log = getTurnLogger(turn, deps.logger);
    const referenceId = getTurnId(turn) ?? newTurnId();
    const outcome = describeTurnError(error, referenceId);
    deps.metrics.turnErrors.inc({ code: outcome.code });
    if (outcome.operational) {
      log.warn(
        { errorCode: outcome.code, errorName: error.name, errorMessage: error.message },
        'turn ended with an operational error',
      );
    } else {
      log.error({ err: error, referenceId }, 'turn failed');
      try {
        await deps.conversationState?.delete(turn);
      } catch {
        // The store may be what failed; the state is dropped with the next successful save anyway.
      }
    }
    try {
      if (turn.activity.type === 'invoke') {
        await turn.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: messageResponse(outcome.text) },
        });
      } else if (turn.activity.type === 'message') {
        await turn.sendActivity(outcome.text);
      }
    } catch (sendError) {
      log.warn({ errorMessage: (sendError as Error).message }, 'could not tell the user about the error');
    }
  };
}
