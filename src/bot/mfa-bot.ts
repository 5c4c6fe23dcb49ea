import {
  type StatePropertyAccessor,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type InvokeResponse,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
import type { DialogContext, DialogSet, DialogState } from '../turn/dialogs-lib';
import { createDialogContext } from '../turn/dialog-context';
import { AppError } from '../errors';
import type { TurnRequest } from './feature';
import { isPersonalChat } from './conversation-kind';
import { normaliseText } from '../turn/normalise-text';
import type { TurnRouter } from './turn-router';
import { findSpeaker, setTurnText } from '../turn/speaker';
import type { Welcome } from './welcome';

/**
 * The ActivityHandler, kept thin: it builds the TurnRequest, greets new people and hands every message
 * and Universal Action to the TurnRouter. Who is speaking was settled by the middleware before this runs.
 */
export class MfaBot extends TeamsActivityHandler {
  constructor(
    private readonly deps: {
      router: TurnRouter;
      dialogSet: DialogSet;
      /** The dialog set's state property (read once per turn; the DialogContext is built only when used). */
      dialogState: StatePropertyAccessor<DialogState>;
      conversationState: ConversationState;
      welcome: Welcome;
    },
  ) {
    super();
    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.greet(turn);
      await next();
    });
    this.onMembersAdded(async (turn, next) => {
      await this.greet(turn);
      await next();
    });
  }

  /**
   * A message goes straight to onMessageTurn. botbuilder's dispatch of it (run, onTurnActivity, then the
   * 'Turn', 'Message' and 'Dialog' handler chains: about ten nested generator-based async functions) costs
   * several times what the message handler itself does for a FAQ answer, and this bot registers no turn,
   * message or dialog handlers for it to run. Every other activity takes botbuilder's path.
   */
  override async run(turn: TurnContext): Promise<void> {
    if (turn.activity?.type === 'message') return this.onMessageTurn(turn);
    return super.run(turn);
  }

  private async onMessageTurn(turn: TurnContext): Promise<void> {
    const req = await this.request(turn);
    if (isPersonalChat(turn.activity) && (await this.deps.welcome.welcomeIfNew(turn, req.staff))) {
      req.staff = findSpeaker(turn) ?? req.staff; // the welcome was recorded on the person
    }
    await this.deps.router.routeMessage(req);
    await this.deps.conversationState.saveChanges(turn);
  }

  /**
   * botbuilder reads `value.action.type` of an adaptiveCard/action invoke without checking that `action`
   * exists (a TypeError, so an apology and an error log); a malformed one is a 400 invoke response instead.
   */
  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    const value: unknown = turn.activity.value;
    const action: unknown =
      typeof value === 'object' && value !== null ? (value as { action?: unknown }).action : undefined;
    if (turn.activity.name === 'adaptiveCard/action' && (typeof action !== 'object' || action === null)) {
      return {
        status: StatusCodes.BAD_REQUEST,
        body: {
          statusCode: StatusCodes.BAD_REQUEST,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'Missing action' },
        },
      };
    }
    return super.onInvokeActivity(turn);
  }

  protected override async onAdaptiveCardInvoke(
    turn: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const req = await this.request(turn);
    const response = await this.deps.router.routeUniversalAction(
      req,
      invokeValue.action.verb,
      invokeValue.action.data,
    );
    await this.deps.conversationState.saveChanges(turn);
    return response;
  }

  private async greet(turn: TurnContext): Promise<void> {
    const staff = findSpeaker(turn);
    if (staff && isPersonalChat(turn.activity)) await this.deps.welcome.greet(turn, staff);
  }

  private async request(turn: TurnContext): Promise<TurnRequest> {
    const staff = findSpeaker(turn);
    // The identity middleware stops every message and invoke without a known person before this point.
    if (!staff) throw new AppError('INTERNAL', 'turn reached the bot without a resolved staff member');
    // What DialogSet.createContext does, minus building the DialogContext (and its DialogStateManager, which
    // parses every memory scope) on turns that never use it, such as a FAQ answer with no dialog active.
    const state = await this.deps.dialogState.get(turn, { dialogStack: [] });
    const dialogSet = this.deps.dialogSet;
    let dialogs: DialogContext | undefined;
    const text = normaliseText(turn.activity.text);
    setTurnText(turn, text);
    return {
      turn,
      staff,
      text,
      dialogActive: Array.isArray(state.dialogStack) && state.dialogStack.length > 0,
      get dialogs(): DialogContext {
        return (dialogs ??= createDialogContext(dialogSet, turn, state));
      },
    };
  }
}
