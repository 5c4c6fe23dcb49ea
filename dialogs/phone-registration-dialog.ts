import { Dialog, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import type { PhoneChannel } from '../src/domain/enrolment';
import { checkPhoneNumber, maskPhone, type PhoneNumberCheck } from '../src/services/phone/phone-number';
import type { SendOutcome } from '../src/services/phone/phone-code-service';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import { formatClock } from '../src/strings/dates';
import type { StaffMember } from '../src/domain/staff';
import { TurnContext } from 'botbuilder';
import {
  remember,
  speaker,
  type ChildOptions,
  type ChildOutcome,
  type EnrolmentDeps,
  type EntraEnrolment,
  phoneChannels,
} from './enrolment-context';
import { inEntra } from './entra-trouble';
import { matchAnswer, readInput, type StepInput } from './enrolment-input';
import type { EnrolmentPrompts } from './enrolment-prompts';

export const PHONE_REGISTRATION_DIALOG = 'enrolment.phone-registration';

/** Nine or more digits is a phone number, never a mistyped 6-digit code. */
const looksLikeNumber = (text: string): boolean => text.replace(/\D/g, '').length >= 9;

interface PhoneState {
  channel: PhoneChannel;
}

/**
 * Step 4 with a phone number: the number (validated, E.164), a code by SMS or voice, then the code back.
 * The code proves the person holds the phone; in Entra mode the number is then put into Entra (never over
 * a different one) and read back before anyone says done; in practice mode finishing is practice only.
 * The stored step says which half we are in, so the flow resumes after a restart.
 */
export class PhoneRegistrationDialog extends Dialog<ChildOptions> {
  constructor(
    private readonly deps: EnrolmentDeps,
    private readonly prompts: EnrolmentPrompts,
  ) {
    super(PHONE_REGISTRATION_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ChildOptions): Promise<DialogTurnResult> {
    const state: PhoneState = { channel: 'sms' };
    dc.activeDialog!.state = state;
    if (options?.withInput) return this.handle(dc, readInput(dc.context));
    await this.remind(dc);
    return Dialog.EndOfTurn;
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.handle(dc, readInput(dc.context));
  }

  async remind(dc: DialogContext): Promise<void> {
    const staff = speaker(dc.context);
    const step = this.deps.enrolment.stepOf(staff);
    const last = step === 'phone-code' ? await this.deps.phone.lastSent(staff.aadObjectId) : undefined;
    if (last) await this.prompts.phoneCode(dc.context, s.phone.resumeBody(maskPhone(last.e164)));
    else await this.prompts.phoneNumber(dc.context, this.state(dc).channel);
  }

  private state(dc: DialogContext): PhoneState {
    return (dc.activeDialog?.state as PhoneState | undefined) ?? { channel: 'sms' };
  }

  private async handle(dc: DialogContext, input: StepInput): Promise<DialogTurnResult> {
    const id = speaker(dc.context).aadObjectId;
    const state = this.state(dc);
    if (input.channel) state.channel = input.channel;
    if (input.phone) return this.sendTo(dc, input.phone, state.channel);
    const answer = matchAnswer(input.text, ['sms', 'voice', 'resend', 'changeNumber', 'useApp']);
    if (answer === 'sms' || answer === 'voice') {
      state.channel = answer === 'voice' && phoneChannels(this.deps).includes('voice') ? 'voice' : 'sms';
      await dc.context.sendActivity(
        s.phone.chosen(state.channel === 'sms' ? s.phone.smsWord : s.phone.voiceWord),
      );
      return Dialog.EndOfTurn;
    }
    if (answer === 'resend') return this.afterSend(dc, await this.deps.phone.resend(id));
    if (answer === 'changeNumber') {
      remember(dc.context, await this.deps.enrolment.moveTo(speaker(dc.context), 'phone-number'));
      await this.prompts.phoneNumber(dc.context, state.channel);
      return Dialog.EndOfTurn;
    }
    if (answer === 'useApp') {
      remember(dc.context, await this.deps.enrolment.moveTo(speaker(dc.context), 'install'));
      return dc.endDialog({ next: 'app' } satisfies ChildOutcome);
    }
    const typed = input.code ?? input.text;
    if (looksLikeNumber(typed) && !input.code) return this.sendTo(dc, typed, state.channel);
    const code = readCode(typed);
    if (code.kind === 'code') return this.verify(dc, code.code);
    if (code.kind === 'malformed') {
      const digits = typed.replace(/\D/g, '').length;
      await dc.context.sendActivity(code.problem === 'letters' ? s.code.letters : s.code.length(digits));
      return Dialog.EndOfTurn;
    }
    if (input.text && (await this.prompts.answerQuestion(dc.context, input.text))) {
      await dc.context.sendActivity(s.backToStep);
      await this.remind(dc);
    } else {
      await dc.context.sendActivity(s.didNotCatch);
    }
    return Dialog.EndOfTurn;
  }

  private async sendTo(dc: DialogContext, raw: string, channel: PhoneChannel): Promise<DialogTurnResult> {
    const check = checkPhoneNumber(raw, channel);
    if (!check.ok) {
      await dc.context.sendActivity(this.problemText(check));
      return Dialog.EndOfTurn;
    }
    return this.afterSend(
      dc,
      await this.deps.phone.send(speaker(dc.context).aadObjectId, check.e164, channel),
    );
  }

  private problemText(check: Extract<PhoneNumberCheck, { ok: false }>): string {
    if (check.problem !== 'landline-for-sms') return s.phone.problems[check.problem];
    if (!phoneChannels(this.deps).includes('voice')) return s.phone.problems['landline-no-voice'];
    return check.country === 'GB'
      ? s.phone.problems['landline-for-sms-uk']
      : s.phone.problems['landline-for-sms'];
  }

  private async afterSend(dc: DialogContext, sent: SendOutcome): Promise<DialogTurnResult> {
    const staff = speaker(dc.context);
    const tz = this.deps.config.timezone;
    switch (sent.kind) {
      case 'sent': {
        remember(dc.context, await this.deps.enrolment.moveTo(staff, 'phone-code'));
        const last = await this.deps.phone.lastSent(staff.aadObjectId);
        await this.prompts.phoneCode(
          dc.context,
          s.phone.sent(last?.channel ?? 'sms', maskPhone(last?.e164 ?? '')),
        );
        break;
      }
      case 'too-soon':
        await dc.context.sendActivity(s.phone.tooSoon(formatClock(sent.retryAt, tz)));
        break;
      case 'window-full':
        await dc.context.sendActivity(s.phone.windowFull(formatClock(sent.retryAt, tz)));
        break;
      case 'locked':
        await dc.context.sendActivity(s.code.locked(formatClock(sent.until, tz)));
        break;
      case 'no-number':
        remember(dc.context, await this.deps.enrolment.moveTo(staff, 'phone-number'));
        await dc.context.sendActivity(s.phone.noCode);
        break;
    }
    return Dialog.EndOfTurn;
  }

  private async verify(dc: DialogContext, code: string): Promise<DialogTurnResult> {
    const staff = speaker(dc.context);
    const outcome = await this.deps.phone.verify(staff.aadObjectId, code);
    switch (outcome.kind) {
      case 'verified': {
        const method = outcome.channel === 'sms' ? 'SMS' : 'Voice';
        if (this.deps.entra) return this.registerInEntra(dc, this.deps.entra, staff, outcome);
        remember(dc.context, await this.deps.enrolment.completePractice(staff, method));
        await this.prompts.done(dc.context, method);
        return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
      }
      case 'wrong':
        await dc.context.sendActivity(s.code.wrong(outcome.attemptsLeft));
        break;
      case 'locked':
        if (outcome.justLocked) await this.deps.enrolment.recordLockout(staff, 'phone', outcome.until);
        await dc.context.sendActivity(s.code.locked(formatClock(outcome.until, this.deps.config.timezone)));
        break;
      case 'expired':
        await dc.context.sendActivity(s.phone.expired);
        break;
      case 'no-code':
        remember(dc.context, await this.deps.enrolment.moveTo(staff, 'phone-number'));
        await dc.context.sendActivity(s.phone.noCode);
        break;
    }
    return Dialog.EndOfTurn;
  }

  /** The person holds the phone: Entra gets the number (unless it has another one) and is read back. */
  private async registerInEntra(
    dc: DialogContext,
    entra: EntraEnrolment,
    staff: StaffMember,
    verified: { channel: PhoneChannel; e164: string },
  ): Promise<DialogTurnResult> {
    const method = verified.channel === 'sms' ? 'SMS' : 'Voice';
    const outcome = await inEntra(this.deps, dc.context, staff, 'adding a phone method', () =>
      entra.phone.register(staff, verified.e164, verified.channel),
    );
    if (!outcome) return Dialog.EndOfTurn;
    remember(dc.context, outcome.staff);
    switch (outcome.kind) {
      case 'registered':
        await this.prompts.done(dc.context, method);
        return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
      case 'pending':
        await dc.context.sendActivity(s.entra.pending);
        return Dialog.EndOfTurn;
      case 'different-number': {
        const conversation = TurnContext.getConversationReference(dc.context.activity);
        const handed = await this.deps.enrolment.requestHelpdesk(
          outcome.staff,
          'phone-conflict',
          conversation,
        );
        remember(dc.context, handed.staff);
        await dc.context.sendActivity(s.entra.phoneConflict(this.deps.config.helpdeskEmail));
        return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
      }
      case 'admin-role':
        await dc.context.sendActivity(s.entra.adminRole);
        remember(dc.context, await this.deps.enrolment.moveTo(outcome.staff, 'install'));
        return dc.endDialog({ next: 'app' } satisfies ChildOutcome);
    }
  }
}
