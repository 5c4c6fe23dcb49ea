import type { TurnContext } from 'botbuilder';
import type { StaffMember } from '../domain/staff';

/**
 * What the bot settles about a turn before any feature or dialog runs, handed to them on the turn
 * (TurnContext.turnState): who is speaking (resolved once by the identity middleware from
 * activity.from.aadObjectId, never from card data) and the message text as the router reads it.
 * Whoever changes the person's record during the turn puts the new version back, so nothing reads the
 * same record twice.
 */
const SPEAKER = Symbol('mfa.speaker');
const TEXT = Symbol('mfa.text');

export function setSpeaker(turn: TurnContext, staff: StaffMember): void {
  turn.turnState.set(SPEAKER, staff);
}

/** The person speaking, or undefined before the identity middleware ran (or when it refused the turn). */
export function findSpeaker(turn: TurnContext): StaffMember | undefined {
  return turn.turnState.get<StaffMember | undefined>(SPEAKER);
}

export function setTurnText(turn: TurnContext, text: string): void {
  turn.turnState.set(TEXT, text);
}

/** The normalised message text (src/turn/normalise-text.ts): '' when the turn carries none. */
export function turnText(turn: TurnContext): string {
  return turn.turnState.get<string | undefined>(TEXT) ?? '';
}
