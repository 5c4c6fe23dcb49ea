import type { TurnContext } from 'botbuilder';
import { DialogContext, type DialogSet, type DialogState } from './dialogs-lib';

/**
 * The turn-state key under which botbuilder-dialogs' DialogStateManager keeps its configuration (memory scopes
 * and path resolvers) for the rest of a turn (botbuilder-dialogs/lib/memory/dialogStateManager.js). A unit test
 * (test/unit/bot/dialog-context.test.ts) fails if a botbuilder upgrade stops reading it.
 */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/** The configuration the first dialog context of this process built: the same for every turn. */
let shared: unknown;

/**
 * `new DialogContext(set, turn, state)`, without rebuilding the memory-scope configuration on every turn. A
 * dialog context with no configuration in the turn state builds one: it scans the registered bot components,
 * runs their schema checks and makes every memory scope anew (about 25 us of a turn's CPU, on every turn of
 * someone in the middle of a dialog). Nothing in it belongs to a turn (the scopes keep their data in the turn
 * state), so the one built on the first turn is handed to every later one.
 */
export function createDialogContext(set: DialogSet, turn: TurnContext, state: DialogState): DialogContext {
  if (shared !== undefined && !turn.turnState.has(CONFIGURATION_KEY))
    turn.turnState.set(CONFIGURATION_KEY, shared);
  const context = new DialogContext(set, turn, state);
  shared ??= turn.turnState.get<unknown>(CONFIGURATION_KEY);
  return context;
}
