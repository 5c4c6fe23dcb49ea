import { Dialog, type DialogContext, type DialogTurnResult } from '../src/turn/dialogs-lib';
import type { PhoneChannel } from '../src/domain/enrolment';
import { checkPhoneNumber, maskPhone, type PhoneNumberCheck } from '../src/services/phone/phone-number';
import type { SendOutcome } from '../src/services/phone/phone-code-service';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import type { ChildOptions, ChildOutcome } from './base-dialog';
import { formatClock } from '../src/strings/dates';
import { speakerId, type EnrolmentDeps } from './enrolment-context';
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
    const id = speakerId(dc.context);
    const step = this.deps.enrolment.stepOf(await this.deps.enrolment.load(id));
    const last = step === 'phone-code' ? await this.deps.phone.lastSent(id) : undefined;
    if (last) await this.prompts.phoneCode(dc.context, s.phone.resumeBody(maskPhone(last.e164)));
    else await this.prompts.phoneNumber(dc.context, this.state(dc).channel);
  }

  private state(dc: DialogContext): PhoneState {
    return (dc.activeDialog?.state as PhoneState | undefined) ?? { channel: 'sms' };
  }

  private async handle(dc: DialogContext, input: StepInput): Promise<DialogTurnResult> {
    const id = speakerId(dc.context);
    const state = this.state(dc);
    if (input.channel) state.channel = input.channel;
    if (input.phone) return this.sendTo(dc, input.phone, state.channel);
    const answer = matchAnswer(input.text, ['sms', 'voice', 'resend', 'changeNumber', 'useApp']);
    if (answer === 'sms' || answer === 'voice') {
      state.channel = answer === 'voice' && this.deps.phone.channels.includes('voice') ? 'voice' : 'sms';
      await dc.context.sendActivity(
        s.phone.chosen(state.channel === 'sms' ? s.phone.smsWord : s.phone.voiceWord),
      );
      return Dialog.EndOfTurn;
    }
    if (answer === 'resend') return this.afterSend(dc, await this.deps.phone.resend(id));
    if (answer === 'changeNumber') {
      await this.deps.enrolment.moveTo(id, 'phone-number');
      await this.prompts.phoneNumber(dc.context, state.channel);
      return Dialog.EndOfTurn;
    }
    if (answer === 'useApp') {
      await this.deps.enrolment.moveTo(id, 'install');
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
    return this.afterSend(dc, await this.deps.phone.send(speakerId(dc.context), check.e164, channel));
  }

  private problemText(check: Extract<PhoneNumberCheck, { ok: false }>): string {
    if (check.problem !== 'landline-for-sms') return s.phone.problems[check.problem];
    if (!this.deps.phone.channels.includes('voice')) return s.phone.problems['landline-no-voice'];
    return check.country === 'GB'
      ? s.phone.problems['landline-for-sms-uk']
      : s.phone.problems['landline-for-sms'];
  }

  private async afterSend(dc: DialogContext, sent: SendOutcome): Promise<DialogTurnResult> {
    const id = speakerId(dc.context);
    const tz = this.deps.config.timezone;
    switch (sent.kind) {
      case 'sent': {
        await this.deps.enrolment.moveTo(id, 'phone-code');
        const last = await this.deps.phone.lastSent(id);
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
        await this.deps.enrolment.moveTo(id, 'phone-number');
        await dc.context.sendActivity(s.phone.noCode);
        break;
    }
    return Dialog.EndOfTurn;
  }

  private async verify(dc: DialogContext, code: string): Promise<DialogTurnResult> {
    const id = speakerId(dc.context);
    const outcome = await this.deps.phone.verify(id, code);
    switch (outcome.kind) {
      case 'verified': {
        const method = outcome.channel === 'sms' ? 'SMS' : 'Voice';
        await this.deps.enrolment.complete(id, method);
        await this.prompts.done(dc.context, method);
        return dc.endDialog({ next: 'done' } satisfies ChildOutcome);
      }
      case 'wrong':
        await dc.context.sendActivity(s.code.wrong(outcome.attemptsLeft));
        break;
      case 'locked':
        if (outcome.justLocked) {
          await this.deps.enrolment.recordLockout(await this.deps.enrolment.load(id), 'phone', outcome.until);
        }
        await dc.context.sendActivity(s.code.locked(formatClock(outcome.until, this.deps.config.timezone)));
        break;
      case 'expired':
        await dc.context.sendActivity(s.phone.expired);
        break;
      case 'no-code':
        await this.deps.enrolment.moveTo(id, 'phone-number');
        await dc.context.sendActivity(s.phone.noCode);
        break;
    }
    return Dialog.EndOfTurn;
  }
}
