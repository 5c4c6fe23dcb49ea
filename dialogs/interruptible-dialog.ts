import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from '../src/turn/dialogs-lib';
import { interruptionIn, readInput, type StepInput } from './enrolment-input';

/**
 * A ComponentDialog with the interruptions every guided flow shares, checked before the active step
 * sees the message (as in Microsoft's core-bot CancelAndHelpDialog):
 *   cancel  -> leave the flow; progress is kept in the store,
 *   help    -> explain the current step, stay on it,
 *   restart -> start the flow again.
 * Anything else goes to onInput.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const input = readInput(inner.context);
    const kind = input.code || input.phone ? undefined : interruptionIn(input.text);
    switch (kind) {
      case 'cancel':
        await this.onCancel(inner);
        await inner.cancelAllDialogs();
        return { status: DialogTurnStatus.cancelled };
      case 'help':
        await this.onHelp(inner);
        return Dialog.EndOfTurn;
      case 'restart':
        await inner.cancelAllDialogs();
        return this.onRestart(inner);
      default:
        return this.onInput(inner, input);
    }
  }

  protected abstract onCancel(inner: DialogContext): Promise<void>;
  protected abstract onHelp(inner: DialogContext): Promise<void>;
  protected abstract onRestart(inner: DialogContext): Promise<DialogTurnResult>;
  protected abstract onInput(inner: DialogContext, input: StepInput): Promise<DialogTurnResult>;
}
