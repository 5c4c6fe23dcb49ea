import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { DialogTurnStatus } from '../turn/dialogs-lib';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import { common } from '../strings';
import type { CommandRegistry, CommandMatch } from './command-registry';
import { COMMAND_BUTTON_ACTION, commandButtonText } from './command-button';
import { CommandRateLimiter } from './command-rate-limit';
import { mayRun } from './command-access';
import { isPersonalChat } from './conversation-kind';
import type { CardAction, CardActionResult, Feature, TurnRequest } from './feature';
import { cardResponse, messageResponse } from './invoke-response';
import { wasWelcomedThisTurn } from './turn-state';
import { setTurnText } from '../turn/speaker';

/** The action name of an Action.Submit (activity.value.action), when the value carries one. */
export function submittedAction(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const action = (value as { action?: unknown }).action;
  return typeof action === 'string' && action.length > 0 ? action : undefined;
}

/**
 * Decides who handles a turn, in exactly the order documented in feature.ts:
 *   1. card action (Action.Submit value.action, or the Universal Action verb); a command button
 *      (src/bot/command-button.ts) instead carries on below with its command as the text
 *   2. the active dialog
 *   3. a command phrase at the start of the text (whole words, via CommandRegistry)
 *   4. free text: each feature's answerFreeText in order
 *   5. otherwise the help card (skipped when the welcome was just shown)
 * Group chats only get card actions, dialogs, commands marked allowInGroupChat and free-text answers of
 * features marked answersInGroupChat (the FAQ); anything else there gets "message me privately".
 */
export class TurnRouter {
  private readonly actions = new Map<string, CardAction>();
  private readonly limiter: CommandRateLimiter;

  constructor(
    private readonly deps: {
      features: readonly Feature[];
      registry: CommandRegistry;
      showHelp: (req: TurnRequest) => Promise<void>;
      audit?: AuditLog;
      clock: Clock;
      /** Per-person limit on expensive commands. */
      limiter: CommandRateLimiter;
    },
  ) {
    this.limiter = deps.limiter;
    for (const feature of deps.features) {
      for (const action of feature.actions ?? []) {
        if (this.actions.has(action.action))
          throw new Error(`Card action "${action.action}" is registered twice`);
        this.actions.set(action.action, action);
      }
    }
  }

  async routeMessage(incoming: TurnRequest): Promise<void> {
    const value: unknown = incoming.turn.activity.value;
    const action = submittedAction(value);
    const buttonText = action === COMMAND_BUTTON_ACTION ? commandButtonText(value) : undefined;
    if (action && buttonText === undefined) {
      const result = await this.runAction(incoming, action, value);
      // An Action.Submit leaves the card as it is: a sentence the action answers with goes in the chat.
      if (result && 'message' in result) await incoming.turn.sendActivity(result.message);
      return;
    }
    // A command button goes on exactly as if its command had been typed (what Teams does for an imBack), so
    // an active dialog reading the activity sees the text and no button value.
    const req = buttonText === undefined ? incoming : asTyped(incoming, buttonText);
    if (req.dialogActive ?? req.dialogs.activeDialog !== undefined) {
      const result = await req.dialogs.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return;
    }
    const match = this.deps.registry.match(req.text);
    if (match) {
      await this.runCommand(req, match);
      return;
    }
    const personal = isPersonalChat(req.turn.activity);
    if (req.text.length > 0) {
      for (const feature of this.deps.features) {
        if (!personal && !feature.answersInGroupChat) continue;
        if (feature.answerFreeText && (await feature.answerFreeText(req))) return;
      }
    }
    if (!personal) {
      await req.turn.sendActivity(common.groupChatOnly);
      return;
    }
    if (!wasWelcomedThisTurn(req.turn)) await this.deps.showHelp(req);
  }

  /** Universal Action (adaptiveCard/action invoke): the returned card replaces the one that was pressed. */
  async routeUniversalAction(
    req: TurnRequest,
    verb: string | undefined,
    data: unknown,
  ): Promise<AdaptiveCardInvokeResponse> {
    const result = verb ? await this.runAction(req, verb, data) : undefined;
    if (result && typeof result === 'object' && 'card' in result) {
      return cardResponse(result.card);
    }
    if (result && typeof result === 'object' && 'message' in result) {
      return messageResponse(result.message);
    }
    const known = verb !== undefined && this.actions.has(verb);
    return messageResponse(known ? common.actionDone : common.unknownAction);
  }

  private async runAction(req: TurnRequest, name: string, data: unknown): Promise<CardActionResult> {
    const action = this.actions.get(name);
    if (!action) {
      if (req.turn.activity.type === 'message') await req.turn.sendActivity(common.unknownAction);
      return undefined;
    }
    if (!mayRun(action, req.staff.role)) {
      await this.refuse(req, `action:${name}`);
      return undefined;
    }
    const limit = action.rateLimit;
    // The sentence goes back as the result: the caller puts it in the chat (Submit) or the invoke response.
    if (limit && !(await this.limiter.allowAction(req.staff.aadObjectId, name, limit)))
      return { message: limit.message };
    return action.handle(req, data);
  }

  private async runCommand(req: TurnRequest, { command, args }: CommandMatch): Promise<void> {
    if (!command.allowInGroupChat && !isPersonalChat(req.turn.activity)) {
      await req.turn.sendActivity(common.groupChatOnly);
      return;
    }
    if (!mayRun(command, req.staff.role)) {
      await this.refuse(req, `command:${command.id}`);
      return;
    }
    if (!(await this.limiter.allow(req.staff.aadObjectId, command.id))) {
      await req.turn.sendActivity(common.tooFast);
      return;
    }
    await command.run(req, args);
  }

  private async refuse(req: TurnRequest, what: string): Promise<void> {
    await this.deps.audit?.append({
      at: this.deps.clock.now(),
      actor: req.staff.aadObjectId,
      actorUpn: req.staff.upn,
      action: 'bot.refused',
      reason: `${what} needs another role (has ${req.staff.role})`,
      outcome: 'refused',
    });
    await req.turn.sendActivity(common.notAllowed);
  }
}

/** A command button's command, from here on read exactly as if it had been typed (card data dropped). */
function asTyped(req: TurnRequest, text: string): TurnRequest {
  setTurnText(req.turn, text);
  req.turn.activity.value = undefined;
  return { ...req, text };
}
