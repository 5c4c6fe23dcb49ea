import { TurnContext } from 'botbuilder';
import type { StaffMember } from '../src/domain/staff';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import { formatShort } from '../src/strings/dates';
import { Dialog, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import {
  remember,
  speaker,
  type ChildOptions,
  type ChildOutcome,
  type EnrolmentDeps,
  type EntraEnrolment,
} from './enrolment-context';
import { matchAnswer, readInput, type StepInput } from './enrolment-input';
import type { EnrolmentPrompts } from './enrolment-prompts';
import { inEntra } from './entra-trouble';

export const SECURITY_INFO_DIALOG = 'enrolment.security-info';

/**
 * Step 4 when enrolment ends in Microsoft Entra ID (path 1, what the seed guidance asks for): the person
 * adds Microsoft Authenticator on Microsoft's Security info page; "I've done it" reads Entra back and
 * says done only when the new registration is there (else a background check messages them later).
 * "I can't get into Security info" leads to a Temporary Access Pass: issued by the person only in the
 * self-service group, otherwise requested from the helpdesk, who check who they are first.
 */
export class SecurityInfoDialog extends Dialog<ChildOptions> {
  constructor(
    private readonly deps: EnrolmentDeps,
    private readonly entra: EntraEnrolment,
    private readonly prompts: EnrolmentPrompts,
  ) {
    super(SECURITY_INFO_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ChildOptions): Promise<DialogTurnResult> {
    if (options?.withInput) return this.handle(dc, readInput(dc.context));
    await this.show(dc);
    return Dialog.EndOfTurn;
  }

  /** What the card offers besides "I've done it": only what the tenant's policy and settings allow. */
  private get offer(): { oath: boolean; accessPass: boolean } {
    const { policy, oath } = this.entra;
    return { oath: oath !== undefined && policy.hardwareOath, accessPass: policy.temporaryAccessPass };
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.handle(dc, readInput(dc.context));
  }

  /** Reads Entra first (the baseline a new registration is told from), then the instructions. */
  async show(dc: DialogContext): Promise<void> {
    const staff = speaker(dc.context);
    const prepared = await inEntra(this.deps, dc.context, staff, 'reading authentication methods', () =>
      this.entra.authenticator.prepare(staff),
    );
    if (!prepared) return;
    remember(dc.context, prepared);
    await this.prompts.securityInfo(dc.context, this.offer);
  }

  private async handle(dc: DialogContext, input: StepInput): Promise<DialogTurnResult> {
    switch (matchAnswer(input.text, ['doneIt', 'cantGetIn', 'scanHere', 'usePhone'])) {
      case 'doneIt':
        return this.confirm(dc);
      case 'cantGetIn':
        if (!this.offer.accessPass) break;
        await this.accessPass(dc);
        return Dialog.EndOfTurn;
      case 'scanHere':
        if (this.offer.oath) return dc.endDialog({ next: 'oath' } satisfies ChildOutcome);
        break;
      case 'usePhone':
        if (this.prompts.phoneOffered) {
          remember(dc.context, await this.deps.enrolment.moveTo(speaker(dc.context), 'phone-number'));
          return dc.endDialog({ next: 'phone' } satisfies ChildOutcome);
        }
        break;
      default:
        break;
    }
    if (readCode(input.code ?? input.text).kind === 'code') {
      // A code from the app means nothing to the bot here: Security info checks the app itself.
      await dc.context.sendActivity(s.securityInfo.then);
    } else if (input.text && (await this.prompts.answerQuestion(dc.context, input.text))) {
      await dc.context.sendActivity(s.backToStep);
      await this.prompts.securityInfo(dc.context, this.offer);
    } else {
      await dc.context.sendActivity(s.didNotCatch);
    }
    return Dialog.EndOfTurn;
  }

  private async confirm(dc: DialogContext): Promise<DialogTurnResult> {
    const staff = speaker(dc.context);
    await dc.context.sendActivity({ type: 'typing' });
    const outcome = await inEntra(this.deps, dc.context, staff, 'reading authentication methods', () =>
      this.entra.authenticator.confirm(staff),
    );
    if (!outcome) return Dialog.EndOfTurn;
    remember(dc.context, outcome.staff);
    if (outcome.kind === 'registered') {
      await this.prompts.done(dc.context, outcome.staff.methods[0] ?? 'PhoneAppNotification');
      return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
    }
    await dc.context.sendActivity(s.securityInfo.notYet);
    return Dialog.EndOfTurn;
  }

  /** Self-service pass where allowed; otherwise the helpdesk is asked to check who they are and issue one. */
  private async accessPass(dc: DialogContext): Promise<void> {
    const staff = speaker(dc.context);
    const passes = this.entra.passes;
    const self = await inEntra(this.deps, dc.context, staff, 'checking the self-service group', () =>
      passes.selfServiceAllowed(staff),
    );
    if (self === undefined) return;
    if (self) {
      const issued = await inEntra(this.deps, dc.context, staff, 'issuing a Temporary Access Pass', () =>
        passes.issue(staff, staff),
      );
      if (issued?.kind === 'issued') {
        remember(dc.context, issued.staff);
        const until = formatShort(issued.pass.expiresAt, this.deps.config.timezone);
        await dc.context.sendActivity(
          s.accessPass.delivered(issued.pass.pass, until, issued.pass.usableOnce),
        );
        return;
      }
    }
    await this.askHelpdesk(dc, staff);
  }

  private async askHelpdesk(dc: DialogContext, staff: StaffMember): Promise<void> {
    const conversation = TurnContext.getConversationReference(dc.context.activity);
    const handed = await this.deps.enrolment.requestHelpdesk(staff, 'access-pass', conversation);
    remember(dc.context, handed.staff);
    const email = this.deps.config.helpdeskEmail;
    await dc.context.sendActivity(
      handed.created ? s.accessPass.requested(email, handed.reference) : s.accessPass.alreadyRequested(email),
    );
  }
}
