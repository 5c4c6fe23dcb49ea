import { TurnContext } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import { isInProgress, stageOf, TOTAL_STAGES } from '../src/domain/enrolment';
import type { StaffMember } from '../src/domain/staff';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import { AppRegistrationDialog, APP_REGISTRATION_DIALOG } from './app-registration-dialog';
import { InterruptibleDialog, type ChildOptions, type ChildOutcome } from './base-dialog';
import { speakerId, type EnrolmentDeps } from './enrolment-context';
import { interruptionIn, matchAnswer, readInput, type StepInput } from './enrolment-input';
import { EnrolmentPrompts } from './enrolment-prompts';
import { PhoneRegistrationDialog, PHONE_REGISTRATION_DIALOG } from './phone-registration-dialog';
import { STEP_HELP } from './enrolment-steps';

export const ENROLMENT_DIALOG = 'enrolment';

export interface EnrolmentOptions {
  /** The message that began the dialog is itself an answer (a button pressed after a restart, a code). */
  withInput?: boolean;
}

/**
 * The guided enrolment: 1 why, 2 device, 3 install, 4 register (the app, or a phone number in the
 * child flows). The step lives in the staff record, not in dialog state, so a message days later, after
 * restarts, resumes where the person left off. Cancel / help / restart come from InterruptibleDialog.
 */
export class EnrolmentDialog extends InterruptibleDialog {
  private readonly prompts: EnrolmentPrompts;
  private readonly app: AppRegistrationDialog;
  private readonly phone: PhoneRegistrationDialog;

  constructor(private readonly deps: EnrolmentDeps) {
    super(ENROLMENT_DIALOG);
    this.prompts = new EnrolmentPrompts(deps);
    this.app = new AppRegistrationDialog(deps, this.prompts);
    this.phone = new PhoneRegistrationDialog(deps, this.prompts);
    this.addDialog(this.app).addDialog(this.phone);
  }

  protected override async onBeginDialog(
    inner: DialogContext,
    options?: EnrolmentOptions,
  ): Promise<DialogTurnResult> {
    const id = speakerId(inner.context);
    const staff = await this.deps.enrolment.load(id);
    if (staff.methods.length > 0) {
      await inner.context.sendActivity(s.alreadyDone(methodNames(staff)));
      return { status: DialogTurnStatus.complete };
    }
    const step = this.deps.enrolment.stepOf(staff);
    if (!isInProgress(step)) {
      if (step === 'done') await this.deps.enrolment.restart(id);
      else await this.deps.enrolment.moveTo(id, 'why');
      await this.prompts.why(inner.context);
      return Dialog.EndOfTurn;
    }
    if (!options?.withInput) await inner.context.sendActivity(s.welcomeBack(stageOf(step), TOTAL_STAGES));
    else if (interruptionIn(readInput(inner.context).text)) return this.onContinueDialog(inner);
    return this.enter(inner, staff, options?.withInput ?? false);
  }

  protected override async onInput(inner: DialogContext, input: StepInput): Promise<DialogTurnResult> {
    if (inner.activeDialog) return this.afterChild(inner, await inner.continueDialog());
    return this.onGuideInput(inner, input);
  }

  protected override async onHelp(inner: DialogContext): Promise<void> {
    const staff = await this.deps.enrolment.load(speakerId(inner.context));
    await inner.context.sendActivity(`${STEP_HELP[this.deps.enrolment.stepOf(staff)]}\n\n${s.help.footer}`);
  }

  protected override async onCancel(inner: DialogContext): Promise<void> {
    const staff = await this.deps.enrolment.load(speakerId(inner.context));
    await inner.context.sendActivity(s.paused(stageOf(this.deps.enrolment.stepOf(staff)), TOTAL_STAGES));
  }

  protected override async onRestart(inner: DialogContext): Promise<DialogTurnResult> {
    const id = speakerId(inner.context);
    await this.deps.app.revoke(id);
    await this.deps.phone.cancel(id);
    await this.deps.enrolment.restart(id);
    await inner.context.sendActivity(s.restarted);
    await this.prompts.why(inner.context);
    return Dialog.EndOfTurn;
  }

  /** Goes into the stored step: a child flow for step 4, else the guide card (or the answer to it). */
  private async enter(
    inner: DialogContext,
    staff: StaffMember,
    withInput: boolean,
  ): Promise<DialogTurnResult> {
    const step = this.deps.enrolment.stepOf(staff);
    const options: ChildOptions = { withInput };
    if (step === 'register')
      return this.afterChild(inner, await inner.beginDialog(APP_REGISTRATION_DIALOG, options));
    if (step === 'phone-number' || step === 'phone-code') {
      return this.afterChild(inner, await inner.beginDialog(PHONE_REGISTRATION_DIALOG, options));
    }
    if (withInput) return this.onGuideInput(inner, readInput(inner.context));
    await this.promptGuide(inner.context, staff);
    return Dialog.EndOfTurn;
  }

  private async afterChild(inner: DialogContext, result: DialogTurnResult): Promise<DialogTurnResult> {
    if (result.status !== DialogTurnStatus.complete) return Dialog.EndOfTurn;
    const outcome = result.result as ChildOutcome | undefined;
    const id = speakerId(inner.context);
    switch (outcome?.next) {
      case 'phone':
        return this.afterChild(inner, await inner.beginDialog(PHONE_REGISTRATION_DIALOG, {}));
      case 'app':
        await this.promptGuide(inner.context, await this.deps.enrolment.load(id));
        return Dialog.EndOfTurn;
      default:
        return { status: DialogTurnStatus.complete };
    }
  }

  private async promptGuide(turn: TurnContext, staff: StaffMember): Promise<void> {
    switch (this.deps.enrolment.stepOf(staff)) {
      case 'install':
        return this.prompts.install(turn, staff.enrolment?.device === 'personal');
      case 'device':
      case 'no-device':
        return this.prompts.device(turn);
      default:
        return this.prompts.why(turn);
    }
  }

  private async onGuideInput(inner: DialogContext, input: StepInput): Promise<DialogTurnResult> {
    const id = speakerId(inner.context);
    const staff = await this.deps.enrolment.load(id);
    if (staff.methods.length > 0) {
      // Finished meanwhile (another Teams window): never issue a new secret to someone already set up.
      await inner.context.sendActivity(s.alreadyDone(methodNames(staff)));
      return { status: DialogTurnStatus.complete };
    }
    const step = this.deps.enrolment.stepOf(staff);
    const { enrolment } = this.deps;
    switch (step) {
      case 'register':
      case 'phone-number':
      case 'phone-code':
        return this.enter(inner, staff, true);
      case 'why':
      case 'not-started':
        switch (matchAnswer(input.text, ['start', 'more', 'notNow'])) {
          case 'start':
            await enrolment.moveTo(id, 'device');
            await this.prompts.device(inner.context);
            return Dialog.EndOfTurn;
          case 'more':
            await this.prompts.more(inner.context);
            await this.prompts.why(inner.context);
            return Dialog.EndOfTurn;
          case 'notNow':
            await this.onCancel(inner);
            return { status: DialogTurnStatus.cancelled };
          default:
            return this.notAnAnswer(inner, input, staff);
        }
      case 'device':
      case 'no-device': {
        const device = matchAnswer(input.text, ['work', 'personal', 'noDevice']);
        if (device === 'noDevice') {
          const conversation = TurnContext.getConversationReference(inner.context.activity);
          const { created } = await enrolment.requestHelpdesk(id, conversation);
          await this.prompts.noDevice(inner.context, created);
          return { status: DialogTurnStatus.complete };
        }
        if (!device) return this.notAnAnswer(inner, input, staff);
        const moved = await enrolment.moveTo(id, 'install', device);
        await this.promptGuide(inner.context, moved);
        return Dialog.EndOfTurn;
      }
      case 'install':
        switch (matchAnswer(input.text, ['installed', 'needHelp', 'usePhone'])) {
          case 'installed':
            await enrolment.moveTo(id, 'register');
            return this.afterChild(inner, await inner.beginDialog(APP_REGISTRATION_DIALOG, { fresh: true }));
          case 'needHelp':
            await inner.context.sendActivity(s.install.help);
            return Dialog.EndOfTurn;
          case 'usePhone':
            await enrolment.moveTo(id, 'phone-number');
            return this.afterChild(inner, await inner.beginDialog(PHONE_REGISTRATION_DIALOG, {}));
          default:
            return this.notAnAnswer(inner, input, staff);
        }
      case 'done':
        return { status: DialogTurnStatus.complete };
    }
  }

  /** Not an answer to this step: a code too early gets a hint, a question goes to the FAQ, then re-prompt. */
  private async notAnAnswer(
    inner: DialogContext,
    input: StepInput,
    staff: StaffMember,
  ): Promise<DialogTurnResult> {
    if (readCode(input.code ?? input.text).kind !== 'other') {
      await inner.context.sendActivity(s.code.notYet);
      return Dialog.EndOfTurn;
    }
    if (input.text && (await this.prompts.answerQuestion(inner.context, input.text))) {
      await inner.context.sendActivity(s.backToStep);
      await this.promptGuide(inner.context, staff);
      return Dialog.EndOfTurn;
    }
    await inner.context.sendActivity(s.didNotCatch);
    return Dialog.EndOfTurn;
  }
}

function methodNames(staff: StaffMember): string {
  const names: Record<string, string> = s.done.methodNames;
  return staff.methods.map((m) => names[m] ?? m).join(', ');
}
