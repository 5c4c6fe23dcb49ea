import type { TurnContext } from 'botbuilder';

/**
 * Whether this turn is a Universal Action (Action.Execute -> adaptiveCard/action invoke), whose answer
 * replaces the pressed card; otherwise it is an Action.Submit message and replies go to the chat.
 */
export function isUniversalAction(turn: TurnContext): boolean {
  return turn.activity.type === 'invoke' && turn.activity.name === 'adaptiveCard/action';
}
