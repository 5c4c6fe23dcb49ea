import type { EnrolmentStep } from '../src/domain/enrolment';
import { isInProgress } from '../src/domain/enrolment';
import { readCode } from '../src/services/totp/code-input';
import { enrolment as s } from '../src/strings';
import type { AnswerKey } from '../src/strings/enrolment';
import { interruptionIn, matchAnswer } from './enrolment-input';

/** What `help` says at each step. */
export const STEP_HELP: Readonly<Record<EnrolmentStep, string>> = {
  'not-started': s.help.why,
  why: s.help.why,
  device: s.help.device,
  'no-device': s.help.noDevice,
  install: s.help.install,
  register: s.help.register,
  'phone-number': s.help.phoneNumber,
  'phone-code': s.help.phoneCode,
  done: s.help.why,
};

/** The buttons each step offers (each can also be typed). */
export const STEP_ANSWERS: Readonly<Record<EnrolmentStep, readonly AnswerKey[]>> = {
  'not-started': [],
  why: ['start', 'more'],
  device: ['work', 'personal', 'noDevice'],
  'no-device': ['work', 'personal', 'noDevice'],
  install: ['installed', 'needHelp', 'usePhone'],
  register: ['newQr', 'usePhone'],
  'phone-number': ['sms', 'voice', 'useApp'],
  'phone-code': ['resend', 'changeNumber', 'useApp'],
  done: [],
};

/** Whether typed text answers the stored step, so it can resume the flow when no dialog is active. */
export function answersStep(step: EnrolmentStep, text: string): boolean {
  if (!isInProgress(step) || text.length === 0) return false;
  if (interruptionIn(text) && interruptionIn(text) !== 'help') return true;
  const keys = STEP_ANSWERS[step];
  if (keys.length > 0 && matchAnswer(text, keys)) return true;
  if (step === 'register' || step === 'phone-code') return readCode(text).kind !== 'other';
  return step === 'phone-number' && text.replace(/\D/g, '').length >= 9;
}
