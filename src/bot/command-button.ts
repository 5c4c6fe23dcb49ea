import { z } from 'zod';
import { MAX_TEXT_LENGTH, normaliseText } from '../turn/normalise-text';

/**
 * A card button that acts as if the person had typed a command ("set up", "ask"): plain Action.Submit
 * data, `{ "action": "command.run", "command": "set up" }`. Teams would also accept the `msteams.imBack`
 * form, but the Agents Playground drops those (no activity reaches the bot), so buttons use this one.
 * The router treats the command exactly like typed text: the active dialog, the command's role and scope
 * checks, the rate limit, all apply again.
 */
export const COMMAND_BUTTON_ACTION = 'command.run';

const commandButtonData = z.object({
  action: z.literal(COMMAND_BUTTON_ACTION),
  command: z.string().min(1).max(MAX_TEXT_LENGTH),
});

/** The text a command button stands for, normalised like a typed message; undefined if the data is not one. */
export function commandButtonText(value: unknown): string | undefined {
  const parsed = commandButtonData.safeParse(value);
  if (!parsed.success) return undefined;
  const text = normaliseText(parsed.data.command);
  return text.length > 0 ? text : undefined;
}
