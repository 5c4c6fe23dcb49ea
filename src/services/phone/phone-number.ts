import { parsePhoneNumberWithError, type NumberType } from 'libphonenumber-js/max';
import type { PhoneChannel } from '../../domain/enrolment';

export const DEFAULT_REGION = 'GB';

export type PhoneNumberProblem =
  'not-a-number' | 'invalid' | 'invalid-maybe-foreign' | 'landline-for-sms' | 'not-personal';

export type PhoneNumberCheck =
  | { ok: true; e164: string; country?: string; type: NumberType }
  | { ok: false; problem: PhoneNumberProblem; country?: string };

const SMS_TYPES: readonly NumberType[] = ['MOBILE', 'FIXED_LINE_OR_MOBILE'];
const VOICE_TYPES: readonly NumberType[] = [
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'FIXED_LINE',
  'VOIP',
  'PERSONAL_NUMBER',
];

/**
 * Validates a typed phone number with full metadata (libphonenumber-js/max), UK by default:
 * SMS needs a mobile, voice also accepts a landline; premium-rate, free-phone and similar are refused.
 * Foreign numbers are accepted when written with + and the country code.
 */
export function checkPhoneNumber(input: string, channel: PhoneChannel): PhoneNumberCheck {
  const text = input.trim();
  const digits = text.replace(/\D/g, '');
  if (digits.length < 6 || /[A-Za-z]{2,}/.test(text)) return { ok: false, problem: 'not-a-number' };
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, DEFAULT_REGION);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (!parsed.isValid()) {
    const international = /^(\+|00)/.test(text);
    return {
      ok: false,
      problem: international ? 'invalid' : 'invalid-maybe-foreign',
      country: parsed.country,
    };
  }
  const type = parsed.getType();
  const allowed = channel === 'sms' ? SMS_TYPES : VOICE_TYPES;
  if (type && allowed.includes(type)) return { ok: true, e164: parsed.number, country: parsed.country, type };
  if (channel === 'sms' && type === 'FIXED_LINE') {
    return { ok: false, problem: 'landline-for-sms', country: parsed.country };
  }
  return { ok: false, problem: 'not-personal', country: parsed.country };
}

/** "+44 7400 ****56": enough for the person to recognise their number, without showing it in full. */
export function maskPhone(e164: string): string {
  return e164.length <= 6 ? e164 : `${e164.slice(0, 3)} ${'*'.repeat(e164.length - 5)}${e164.slice(-2)}`;
}
