import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

/** Values the middleware attach to a turn (TurnContext.turnState), read by the bot and the error handler. */
const TURN_ID = Symbol('mfa.turnId');
const TURN_LOGGER = Symbol('mfa.turnLogger');
const WELCOMED_THIS_TURN = Symbol('mfa.welcomedThisTurn');

export function setTurnId(turn: TurnContext, id: string, logger: Logger): void {
  turn.turnState.set(TURN_ID, id);
  turn.turnState.set(TURN_LOGGER, logger);
}

export function getTurnId(turn: TurnContext): string | undefined {
  return turn.turnState.get<string | undefined>(TURN_ID);
}

export function getTurnLogger(turn: TurnContext, fallback: Logger): Logger {
  return turn.turnState.get<Logger | undefined>(TURN_LOGGER) ?? fallback;
}

export function markWelcomedThisTurn(turn: TurnContext): void {
  turn.turnState.set(WELCOMED_THIS_TURN, true);
}

export function wasWelcomedThisTurn(turn: TurnContext): boolean {
  return turn.turnState.get(WELCOMED_THIS_TURN) === true;
}
