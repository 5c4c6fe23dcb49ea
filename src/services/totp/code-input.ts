/** What a typed answer to "enter the 6-digit code" turned out to be. */
export type CodeInput =
  | { kind: 'code'; code: string }
  /** Looks like an attempt at a code, but is not one: a hint, never a counted failure. */
  | { kind: 'malformed'; problem: 'letters' | 'length' }
  /** Not an attempt at a code at all (a question, a button title ...). */
  | { kind: 'other' };

const SEPARATORS = /[\s\-.]/g;
const DIGIT = /\d/;

/**
 * Reads "123456", "123 456", "123-456"; a short token made mostly of digits with a letter in it
 * ("12345O") or with the wrong number of digits ("12345") is a malformed code.
 */
export function readCode(text: string, digits = 6): CodeInput {
  // No digit at all is never a code, nor a malformed one (the checks below agree): most questions stop here.
  if (!DIGIT.test(text)) return { kind: 'other' };
  const compact = text.trim().replace(SEPARATORS, '');
  if (compact.length === 0) return { kind: 'other' };
  if (/^\d+$/.test(compact)) {
    return compact.length === digits
      ? { kind: 'code', code: compact }
      : { kind: 'malformed', problem: 'length' };
  }
  const digitCount = compact.replace(/\D/g, '').length;
  if (
    compact.length <= digits + 2 &&
    /^[0-9A-Za-z]+$/.test(compact) &&
    digitCount >= Math.ceil(compact.length / 2)
  ) {
    return { kind: 'malformed', problem: 'letters' };
  }
  return { kind: 'other' };
}
