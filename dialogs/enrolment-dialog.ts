import { TurnContext } from 'botbuilder';
import { isInProgress, stageOf, TOTAL_STAGES } from '../src/domain/enrolment';
import { isEnrolled, type StaffMember } from '../src/domain/staff';
import { isMethodsFailure } from '../src/ports/authentication-methods';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import { AppCodeDialog, APP_CODE_DIALOG } from './app-code-dialog';
import {
  remember,
  speaker,
  type ChildOptions,
  type ChildOutcome,
  type EnrolmentDeps,
} from './enrolment-context';
import { interruptionIn, matchAnswer, readInput, type StepInput } from './enrolment-input';
import { EnrolmentPrompts } from './enrolment-prompts';
import { STEP_HELP } from './enrolment-steps';
import { InterruptibleDialog } from './interruptible-dialog';
import { PhoneRegistrationDialog, PHONE_REGISTRATION_DIALOG } from './phone-registration-dialog';
import { SecurityInfoDialog, SECURITY_INFO_DIALOG } from './security-info-dialog';

export const ENROLMENT_DIALOG = 'enrolment';

export interface EnrolmentOptions {
  /** The message that began the dialog is itself an answer (a button pressed after a restart, a code). */
  withInput?: boolean;
}

/**
 * The guided enrolment: 1 why, 2 device, 3 install, 4 register. Step 4 ends in Microsoft Entra ID when
 * Graph is configured (Microsoft Authenticator on Security info, a phone number the bot writes, or an
 * OATH token), else it is a labelled practice run (the bot's own QR code or phone code) that never counts.
 * The step lives in the staff record, not in dialog state, so a message days later, after restarts,
 * resumes where the person left off. Cancel / help / restart come from InterruptibleDialog.
 */
export class EnrolmentDialog extends InterruptibleDialog {
  private readonly prompts: EnrolmentPrompts;

  constructor(private readonly deps: EnrolmentDeps) {
    super(ENROLMENT_DIALOG);
    this.prompts = new EnrolmentPrompts(deps);
    this.addDialog(new AppCodeDialog(deps, this.prompts));
    this.addDialog(new PhoneRegistrationDialog(deps, this.prompts));
    if (deps.entra) this.addDialog(new SecurityInfoDialog(deps, deps.entra, this.prompts));
  }

  protected override async onBeginDialog(
    inner: DialogContext,
    options?: EnrolmentOptions,
  ): Promise<DialogTurnResult> {
    const staff = await this.currentInEntra(inner.context);
    if (isEnrolled(staff)) {
      await inner.context.sendActivity(s.alreadyDone(methodNames(staff)));
      return { status: DialogTurnStatus.complete };
    }
    const step = this.deps.enrolment.stepOf(staff);
    if (!isInProgress(step)) {
      if (step === 'done' && staff.enrolment.practiceCompletedAt)
        await inner.context.sendActivity(s.practice.again);
      await this.restartAt(inner.context, staff);
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
    const staff = speaker(inner.context);
    const step = this.deps.enrolment.stepOf(staff);
    const securityInfo = step === 'register' && this.deps.entra && staff.enrolment.path !== 'oath';
    await inner.context.sendActivity(
      `${securityInfo ? s.help.securityInfo : STEP_HELP[step]}\n\n${s.help.footer}`,
    );
  }

  protected override async onCancel(inner: DialogContext): Promise<void> {
    const staff = speaker(inner.context);
    await inner.context.sendActivity(s.paused(stageOf(this.deps.enrolment.stepOf(staff)), TOTAL_STAGES));
  }

  protected override async onRestart(inner: DialogContext): Promise<DialogTurnResult> {
    const staff = speaker(inner.context);
    const revoked = this.deps.entra?.oath
      ? await this.deps.entra.oath.revoke(staff)
      : (await this.deps.app.revoke(staff.aadObjectId), staff);
    await this.deps.phone.cancel(staff.aadObjectId);
    remember(inner.context, await this.deps.enrolment.restart(revoked));
    await inner.context.sendActivity(s.restarted);
    await this.prompts.why(inner.context);
    return Dialog.EndOfTurn;
  }

  /**
   * The person as Entra sees them now (Graph configured): someone who registered on Security info by
   * themselves is told so at once. If Graph does not answer, the last recorded view stands.
   */
  private async currentInEntra(turn: TurnContext): Promise<StaffMember> {
    const staff = speaker(turn);
    if (!this.deps.entra) return staff;
    try {
      return remember(turn, (await this.deps.entra.reader.refresh(staff)).staff);
    } catch (err) {
      if (!isMethodsFailure(err)) throw err;
      this.deps.logger.warn({ err, requestId: err.requestId }, 'could not read Entra at the start of set up');
      return staff;
    }
  }

  private async restartAt(turn: TurnContext, staff: StaffMember): Promise<void> {
    const step = this.deps.enrolment.stepOf(staff);
    const moved =
      step === 'done'
        ? await this.deps.enrolment.restart(staff)
        : await this.deps.enrolment.moveTo(staff, 'why');
    remember(turn, moved);
  }

  /** The child flow of step 4 for the path being followed. */
  private registerDialog(staff: StaffMember): string {
    if (!this.deps.entra) return APP_CODE_DIALOG;
    return staff.enrolment.path === 'oath' && this.deps.entra.oath ? APP_CODE_DIALOG : SECURITY_INFO_DIALOG;
  }

  /** Goes into the stored step: a child flow for step 4, else the guide card (or the answer to it). */
  private async enter(
    inner: DialogContext,
    staff: StaffMember,
    withInput: boolean,
  ): Promise<DialogTurnResult> {
    const step = this.deps.enrolment.stepOf(staff);
    const options: ChildOptions = { withInput };
    if (step === 'register') {
      return this.afterChild(inner, await inner.beginDialog(this.registerDialog(staff), options));
    }
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
    const turn = inner.context;
    switch (outcome?.next) {
      case 'phone':
        return this.afterChild(inner, await inner.beginDialog(PHONE_REGISTRATION_DIALOG, {}));
      case 'app':
        await this.promptGuide(turn, speaker(turn));
        return Dialog.EndOfTurn;
      case 'authenticator': {
        remember(turn, await this.deps.enrolment.note(speaker(turn), { path: 'authenticator' }));
        return this.afterChild(inner, await inner.beginDialog(SECURITY_INFO_DIALOG, {}));
      }
      case 'oath': {
        remember(turn, await this.deps.enrolment.note(speaker(turn), { path: 'oath' }));
        return this.afterChild(inner, await inner.beginDialog(APP_CODE_DIALOG, { fresh: true }));
      }
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
    const turn = inner.context;
    const staff = speaker(turn);
    if (isEnrolled(staff)) {
      // Registered meanwhile (another Teams window, or Security info): never start anything new.
      await turn.sendActivity(s.alreadyDone(methodNames(staff)));
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
            remember(turn, await enrolment.moveTo(staff, 'device'));
            await this.prompts.device(turn);
            return Dialog.EndOfTurn;
          case 'more':
            await this.prompts.more(turn);
            await this.prompts.why(turn);
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
          const conversation = TurnContext.getConversationReference(turn.activity);
          const handed = await enrolment.requestHelpdesk(staff, 'no-device', conversation);
          remember(turn, handed.staff);
          await this.prompts.noDevice(turn, handed.created);
          return { status: DialogTurnStatus.complete };
        }
        if (!device) return this.notAnAnswer(inner, input, staff);
        const moved = remember(turn, await enrolment.moveTo(staff, 'install', { device }));
        await this.promptGuide(turn, moved);
        return Dialog.EndOfTurn;
      }
      case 'install':
        switch (matchAnswer(input.text, ['installed', 'needHelp', 'usePhone'])) {
          case 'installed': {
            const path = this.deps.entra ? 'authenticator' : 'practice';
            const moved = remember(turn, await enrolment.moveTo(staff, 'register', { path }));
            return this.afterChild(
              inner,
              await inner.beginDialog(this.registerDialog(moved), { fresh: true }),
            );
          }
          case 'needHelp':
            await turn.sendActivity(s.install.help);
            return Dialog.EndOfTurn;
          case 'usePhone':
            remember(turn, await enrolment.moveTo(staff, 'phone-number', { path: 'phone' }));
            return this.afterChild(inner, await inner.beginDialog(PHONE_REGISTRATION_DIALOG, {}));
          default:
            return this.notAnAnswer(inner, input, staff);
        }
      case 'done':
        if (staff.enrolment.practiceCompletedAt) await turn.sendActivity(s.practice.finished);
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
  return [...new Set(staff.methods.map((m) => names[m] ?? m))].join(', ');
}
