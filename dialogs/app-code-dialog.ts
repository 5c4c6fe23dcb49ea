import type { StaffMember } from '../src/domain/staff';
import type { AppVerifyOutcome, NewSecretView } from '../src/services/totp/app-registration-service';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import { formatClock } from '../src/strings/dates';
import { Dialog, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import {
  remember,
  speaker,
  type ChildOptions,
  type ChildOutcome,
  type EnrolmentDeps,
} from './enrolment-context';
import { matchAnswer, readInput, type StepInput } from './enrolment-input';
import type { EnrolmentPrompts } from './enrolment-prompts';
import { inEntra } from './entra-trouble';

export const APP_CODE_DIALOG = 'enrolment.app-code';

/** How long after confirming a secret an unfinished confirmation may still be finished. */
const UNFINISHED_CONFIRMATION_MS = 15 * 60_000;

/**
 * Step 4 with a QR code shown here and the app's 6-digit code typed back. Two uses:
 *   practice mode (no Graph): the bot's own secret, checked by the bot; finishing is practice only;
 *   Entra OATH path (GRAPH_OATH_TOKENS): the secret is an Entra hardware OATH token; a code the bot
 *   accepts activates it in Entra, which is read back before anyone says done.
 * The secret is shown once (QR + key). Wrong codes count towards the lockout; letters or the wrong length
 * only get a hint.
 */
export class AppCodeDialog extends Dialog<ChildOptions> {
  constructor(
    private readonly deps: EnrolmentDeps,
    private readonly prompts: EnrolmentPrompts,
  ) {
    super(APP_CODE_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ChildOptions): Promise<DialogTurnResult> {
    if (options?.withInput) return this.handle(dc, readInput(dc.context));
    return this.show(dc, options?.fresh ?? false);
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.handle(dc, readInput(dc.context));
  }

  private get oath() {
    return this.deps.entra?.oath;
  }

  /** The code card: a new secret (shown once) when asked for or none is waiting, else just the input. */
  private async show(dc: DialogContext, fresh: boolean): Promise<DialogTurnResult> {
    const staff = speaker(dc.context);
    if (!fresh && (await this.deps.app.hasPendingSecret(staff.aadObjectId))) {
      await this.prompts.appCode(dc.context, staff.upn);
      return Dialog.EndOfTurn;
    }
    const view = await this.newSecret(dc, staff);
    if (view === 'unavailable') return dc.endDialog({ next: 'authenticator' } satisfies ChildOutcome);
    if (view) await this.prompts.appCode(dc.context, staff.upn, view);
    return Dialog.EndOfTurn;
  }

  private async newSecret(
    dc: DialogContext,
    staff: StaffMember,
  ): Promise<NewSecretView | 'unavailable' | undefined> {
    const oath = this.oath;
    if (!oath) return this.deps.app.issueSecret(staff.aadObjectId, staff.upn);
    const begun = await inEntra(this.deps, dc.context, staff, 'creating an OATH token', async () => {
      const cleared = await oath.revoke(staff);
      return oath.begin(cleared);
    });
    if (!begun) return undefined;
    if (begun.kind === 'unavailable') {
      await dc.context.sendActivity(s.securityInfo.oathUnavailable);
      return 'unavailable';
    }
    remember(dc.context, begun.staff);
    return begun.view;
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
        return this.show(dc, true);
      case 'usePhone':
        remember(dc.context, await this.deps.enrolment.moveTo(speaker(dc.context), 'phone-number'));
        return dc.endDialog({ next: 'phone' } satisfies ChildOutcome);
      default:
        break;
    }
    if (input.text && (await this.prompts.answerQuestion(dc.context, input.text))) {
      await dc.context.sendActivity(s.backToStep);
      await this.prompts.appCode(dc.context, speaker(dc.context).upn);
    } else {
      await dc.context.sendActivity(input.text ? s.didNotCatch : s.register.askCode);
    }
    return Dialog.EndOfTurn;
  }

  private async verify(dc: DialogContext, code: string): Promise<DialogTurnResult> {
    const staff = speaker(dc.context);
    const outcome = await this.deps.app.verify(staff.aadObjectId, code);
    switch (outcome.kind) {
      case 'verified':
        return this.verified(dc, staff, outcome);
      case 'wrong':
        await dc.context.sendActivity(s.code.wrong(outcome.attemptsLeft));
        return Dialog.EndOfTurn;
      case 'locked':
        if (outcome.justLocked) await this.deps.enrolment.recordLockout(staff, 'totp', outcome.until);
        await dc.context.sendActivity(s.code.locked(formatClock(outcome.until, this.deps.config.timezone)));
        return Dialog.EndOfTurn;
      case 'replayed':
        return this.replayed(dc, staff, code);
      case 'no-secret':
        return this.show(dc, true);
    }
  }

  /**
   * The secret was already confirmed. Normally the code was simply used before; but if what follows the
   * confirmation never happened (the database or the process failed in between), finish it now rather
   * than refusing every code: practice is recorded, and an Entra token is activated with this new code
   * (Entra checks it: the bot's copy of the secret is gone).
   */
  private async replayed(dc: DialogContext, staff: StaffMember, code: string): Promise<DialogTurnResult> {
    const recent = await this.deps.app.recentConfirmation(staff.aadObjectId, UNFINISHED_CONFIRMATION_MS);
    const unfinished = this.oath
      ? recent?.deviceId !== undefined && staff.methods.length === 0
      : recent && !staff.enrolment.practiceCompletedAt;
    if (!recent || !unfinished) {
      await dc.context.sendActivity(s.code.replayed);
      return Dialog.EndOfTurn;
    }
    return this.verified(dc, staff, { kind: 'verified', code, deviceId: recent.deviceId });
  }

  private async verified(
    dc: DialogContext,
    staff: StaffMember,
    outcome: Extract<AppVerifyOutcome, { kind: 'verified' }>,
  ): Promise<DialogTurnResult> {
    const oath = this.oath;
    if (!oath || !outcome.deviceId) {
      remember(dc.context, await this.deps.enrolment.completePractice(staff, 'SoftwareOTP'));
      await this.prompts.done(dc.context, 'SoftwareOTP');
      return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
    }
    const deviceId = outcome.deviceId;
    const activated = await inEntra(this.deps, dc.context, staff, 'activating the OATH token', () =>
      oath.activate(staff, deviceId, outcome.code),
    );
    if (!activated) return Dialog.EndOfTurn;
    remember(dc.context, activated.staff);
    switch (activated.kind) {
      case 'registered':
        await this.prompts.done(dc.context, 'PhoneAppOTP');
        return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
      case 'pending':
        await dc.context.sendActivity(s.entra.pending);
        return Dialog.EndOfTurn;
      case 'failed':
        await dc.context.sendActivity(s.securityInfo.oathUnavailable);
        return dc.endDialog({ next: 'authenticator' } satisfies ChildOutcome);
    }
  }
}
