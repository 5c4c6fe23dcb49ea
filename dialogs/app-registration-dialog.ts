import { Dialog, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import type { ChildOptions, ChildOutcome } from './base-dialog';
import { formatClock } from '../src/strings/dates';
import { speakerId, type EnrolmentDeps } from './enrolment-context';
import { matchAnswer, readInput, type StepInput } from './enrolment-input';
import type { EnrolmentPrompts } from './enrolment-prompts';

/** How long after confirming a secret an unrecorded confirmation may still finish the enrolment. */
const UNRECORDED_CONFIRMATION_MS = 15 * 60_000;

export const APP_REGISTRATION_DIALOG = 'enrolment.app-registration';

/**
 * Step 4 with Microsoft Authenticator: show a new secret once (QR code + manual key), then check the
 * 6-digit code. Wrong codes count towards a lockout; letters or the wrong length only get a hint.
 */
export class AppRegistrationDialog extends Dialog<ChildOptions> {
  constructor(
    private readonly deps: EnrolmentDeps,
    private readonly prompts: EnrolmentPrompts,
  ) {
    super(APP_REGISTRATION_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ChildOptions): Promise<DialogTurnResult> {
    if (options?.withInput) return this.handle(dc, readInput(dc.context));
    await this.show(dc, options?.fresh ?? false);
    return Dialog.EndOfTurn;
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.handle(dc, readInput(dc.context));
  }

  /** Re-asks for the code without showing the secret again. */
  async remind(dc: DialogContext): Promise<void> {
    await this.show(dc, false);
  }

  private async show(dc: DialogContext, fresh: boolean): Promise<void> {
    const id = speakerId(dc.context);
    const staff = await this.deps.enrolment.load(id);
    if (!fresh && (await this.deps.app.hasPendingSecret(id))) {
      await this.prompts.appCode(dc.context, staff.upn);
      return;
    }
    await this.prompts.appCode(dc.context, staff.upn, await this.deps.app.issueSecret(id, staff.upn));
  }

  private async handle(dc: DialogContext, input: StepInput): Promise<DialogTurnResult> {
    const typed = input.code ?? input.text;
    const code = readCode(typed);
    if (code.kind === 'code') return this.verify(dc, code.code);
    if (code.kind === 'malformed') {
      const digits = typed.replace(/\D/g, '').length;
      await dc.context.sendActivity(code.problem === 'letters' ? s.code.letters : s.code.length(digits));
      return Dialog.EndOfTurn;
    }
    switch (matchAnswer(input.text, ['newQr', 'usePhone'])) {
      case 'newQr':
        await this.show(dc, true);
        return Dialog.EndOfTurn;
      case 'usePhone':
        await this.deps.enrolment.moveTo(speakerId(dc.context), 'phone-number');
        return dc.endDialog({ next: 'phone' } satisfies ChildOutcome);
      default:
        break;
    }
    if (input.text && (await this.prompts.answerQuestion(dc.context, input.text))) {
      await dc.context.sendActivity(s.backToStep);
      await this.remind(dc);
    } else {
      await dc.context.sendActivity(input.text ? s.didNotCatch : s.register.askCode);
    }
    return Dialog.EndOfTurn;
  }

  private async verify(dc: DialogContext, code: string): Promise<DialogTurnResult> {
    const id = speakerId(dc.context);
    const outcome = await this.deps.app.verify(id, code);
    switch (outcome.kind) {
      case 'verified':
        await this.deps.enrolment.complete(id, 'SoftwareOTP');
        await this.prompts.done(dc.context, 'SoftwareOTP');
        return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
      case 'wrong':
        await dc.context.sendActivity(s.code.wrong(outcome.attemptsLeft));
        return Dialog.EndOfTurn;
      case 'locked':
        if (outcome.justLocked) {
          await this.deps.enrolment.recordLockout(await this.deps.enrolment.load(id), 'totp', outcome.until);
        }
        await dc.context.sendActivity(s.code.locked(formatClock(outcome.until, this.deps.config.timezone)));
        return Dialog.EndOfTurn;
      case 'replayed': {
        const staff = await this.deps.enrolment.load(id);
        if (staff.methods.includes('SoftwareOTP')) {
          await dc.context.sendActivity(s.alreadyDone(s.done.methodNames.SoftwareOTP));
          return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
        }
        // Confirmed moments ago but the method was never recorded (the database or the process failed
        // between the two writes): finish now rather than refusing every code from then on.
        if (await this.deps.app.confirmedWithin(id, UNRECORDED_CONFIRMATION_MS)) {
          await this.deps.enrolment.complete(id, 'SoftwareOTP');
          await this.prompts.done(dc.context, 'SoftwareOTP');
          return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
        }
        await dc.context.sendActivity(s.code.replayed);
        return Dialog.EndOfTurn;
      }
      case 'no-secret':
        await this.show(dc, true);
        return Dialog.EndOfTurn;
    }
  }
}
