import type { TurnContext } from 'botbuilder';
import type { Dialog, DialogContext } from '../turn/dialogs-lib';
import type { ZodType } from 'zod';
import type { Role, StaffMember } from '../domain/staff';

/**
 * How a capability (enrolment, FAQ, admin commands, campaigns ...) plugs into the bot.
 * Each feature module exports a factory returning a Feature; src/index.ts passes the list to the bot.
 * The router (src/bot/turn-router.ts) decides, in this order:
 *   1. a card submit (activity.value.action) or Universal Action (adaptiveCard/action verb) -> CardAction
 *   2. an active dialog -> continue it (dialogs handle cancel / help / restart themselves)
 *   3. a command phrase at the start of the text -> Command
 *   4. free text -> each feature's answerFreeText in order (the FAQ), else the help card.
 */
export interface TurnRequest {
  turn: TurnContext;
  /** The person speaking, resolved from activity.from.aadObjectId. Never taken from card data. */
  staff: StaffMember;
  /** The message text with @mentions removed, trimmed, whitespace folded. */
  text: string;
  dialogs: DialogContext;
  /** Whether a dialog is on the stack, known without building `dialogs` (set by the bot; omitted in some tests). */
  dialogActive?: boolean;
}

export interface Command {
  id: string;
  /** Lower-case phrases; the command matches when the normalised text equals or starts with one (word boundary). */
  phrases: readonly string[];
  usage: string;
  description: string;
  audience: 'staff' | 'admin';
  /** Roles allowed to run it; omitted = everyone. The router refuses (politely, audited) everyone else. */
  allowedRoles?: readonly Role[];
  /** Works outside a personal chat (e.g. the helpdesk channel). Default false: group chats get "message me privately". */
  allowInGroupChat?: boolean;
  /**
   * Offer this command as a button on the welcome card: 'setUp' -> "Set up now", 'ask' -> "Ask a question".
   * The button sends phrases[0] as if typed. At most one command should claim each button.
   */
  welcomeButton?: 'setUp' | 'ask';
  /**
   * Offer this command as a button (with this title) on the help card, to the people who may run it. The
   * button runs phrases[0] as a command button (src/bot/command-button.ts).
   */
  helpButton?: string;
  run(req: TurnRequest, args: string): Promise<void>;
}

/**
 * The result of a card action. With Universal Actions the returned card replaces the one that was pressed;
 * a `message` leaves the pressed card as it is and shows the sentence instead (for example "not yours").
 */
export type CardActionResult = void | { card: Record<string, unknown> } | { message: string };

/** A per-person limit on a card action, counted in the shared slot ledger (src/bot/command-rate-limit.ts). */
export interface ActionRateLimit {
  points: number;
  windowSeconds: number;
  /** What the person is told when they are over it. */
  message: string;
}

export interface CardAction {
  /** Matches activity.value.action (Action.Submit) or value.action.verb (Action.Execute). */
  action: string;
  allowedRoles?: readonly Role[];
  /** Uses per person and window; presses beyond it get `message` and do nothing. */
  rateLimit?: ActionRateLimit;
  /** Validates the untrusted card data, then runs. */
  handle(req: TurnRequest, data: unknown): Promise<CardActionResult>;
}

/** Builds a CardAction whose data is validated by a zod schema before `run` sees it. */
export function defineCardAction<T>(spec: {
  action: string;
  schema: ZodType<T>;
  allowedRoles?: readonly Role[];
  rateLimit?: ActionRateLimit;
  run(req: TurnRequest, data: T): Promise<CardActionResult>;
}): CardAction {
  return {
    action: spec.action,
    allowedRoles: spec.allowedRoles,
    ...(spec.rateLimit ? { rateLimit: spec.rateLimit } : {}),
    async handle(req, data) {
      const parsed = spec.schema.safeParse(data);
      if (!parsed.success) {
        await req.turn.sendActivity("Sorry, that button's data didn't look right. Please try again.");
        return;
      }
      return spec.run(req, parsed.data);
    },
  };
}

export interface Feature {
  name: string;
  commands?: readonly Command[];
  actions?: readonly CardAction[];
  /** Dialogs added to the bot's DialogSet, begun by commands or actions with req.dialogs.beginDialog(id). */
  dialogs?: readonly Dialog[];
  /** Free text no command or dialog took. Return true when it was answered. */
  answerFreeText?(req: TurnRequest): Promise<boolean>;
  /**
   * answerFreeText also answers in group chats and channels (where Teams only delivers messages that
   * @mention the bot). Only for answers safe to show to a whole group: the FAQ, never enrolment.
   */
  answersInGroupChat?: boolean;
}
