import { fold, interruptionIn, matchAnswer } from '../../../dialogs/enrolment-input';
import { answers, interruptions, type AnswerKey } from '../../../src/strings/enrolment';
import { canMove, stageOf, toEnrolmentStep } from '../../../src/domain/enrolment';
import { checkPhoneNumber, maskPhone } from '../../../src/services/phone/phone-number';
import { readCode } from '../../../src/services/totp/code-input';
import { groupInFours } from '../../../src/services/totp/totp-service';

describe('reading a typed code', () => {
  it.each([
    ['123456', { kind: 'code', code: '123456' }],
    ['123 456', { kind: 'code', code: '123456' }],
    [' 123-456 ', { kind: 'code', code: '123456' }],
    ['12345', { kind: 'malformed', problem: 'length' }],
    ['1234567', { kind: 'malformed', problem: 'length' }],
    ['12345O', { kind: 'malformed', problem: 'letters' }],
    ['I23 456', { kind: 'malformed', problem: 'letters' }],
    ['how do I scan it?', { kind: 'other' }],
    ['my code 123456 does not work', { kind: 'other' }],
    ['12345678901234567890', { kind: 'malformed', problem: 'length' }],
    ['', { kind: 'other' }],
  ])('when "%s" is typed, then it reads as %j', (text, expected) => {
    expect(readCode(text)).toEqual(expected);
  });
});

describe('typed button titles and interruptions', () => {
  it('when a button title is typed with other case or punctuation, then it counts as the button', () => {
    expect(fold("I've installed it!")).toBe('ive installed it');
    expect(matchAnswer('ive INSTALLED it', ['installed', 'needHelp'])).toBe('installed');
    expect(matchAnswer('Personal phone.', ['work', 'personal'])).toBe('personal');
    expect(matchAnswer('personal phone please tell me', ['work', 'personal'])).toBeUndefined();
  });

  it('when cancel, help or restart is typed, then it is recognised as an interruption', () => {
    expect(interruptionIn('Cancel')).toBe('cancel');
    expect(interruptionIn('help?')).toBe('help');
    expect(interruptionIn('start over')).toBe('restart');
    expect(interruptionIn('123456')).toBeUndefined();
  });

  it('when any title, synonym or interruption word is typed, in any case, then it means what the word lists say', () => {
    const keys = Object.keys(answers) as AnswerKey[];
    const kinds = Object.keys(interruptions) as (keyof typeof interruptions)[];
    // The lists read in order, every word folded at the time of the check.
    const answerFor = (typed: string): AnswerKey | undefined =>
      keys.find((k) => [answers[k].title, ...answers[k].alsoAccept].some((w) => fold(w) === fold(typed)));
    const interruptionFor = (typed: string): string | undefined =>
      kinds.find((k) => interruptions[k].some((w) => fold(w) === fold(typed)));
    const words = [
      ...keys.flatMap((k) => [answers[k].title, ...answers[k].alsoAccept]),
      ...kinds.flatMap((k) => interruptions[k]),
      'what is mfa',
      '',
    ];
    for (const word of words)
      for (const typed of [word, word.toUpperCase(), `${word}!`]) {
        expect(matchAnswer(typed, keys)).toBe(answerFor(typed));
        expect(interruptionIn(typed)).toBe(interruptionFor(typed));
      }
  });
});

describe('the enrolment state machine', () => {
  it('when steps move, then only allowed moves are allowed, and unknown stored steps count as not started', () => {
    expect(canMove('why', 'device')).toBe(true);
    expect(canMove('why', 'done')).toBe(false);
    expect(canMove('register', 'done')).toBe(true);
    expect(canMove('done', 'why')).toBe(true);
    expect(toEnrolmentStep('bogus')).toBe('not-started');
    expect(stageOf('install')).toBe(3);
    expect(stageOf('phone-code')).toBe(4);
  });
});

describe('phone numbers', () => {
  it('when numbers are checked, then mobiles, landlines and channels are told apart', () => {
    expect(checkPhoneNumber('07400 123456', 'sms')).toMatchObject({ ok: true, e164: '+447400123456' });
    expect(checkPhoneNumber('+44 (0)20 7946 0000', 'voice')).toMatchObject({
      ok: true,
      e164: '+442079460000',
    });
    expect(checkPhoneNumber('020 7946 0000', 'sms')).toEqual({
      ok: false,
      problem: 'landline-for-sms',
      country: 'GB',
    });
    expect(checkPhoneNumber('0800 123 4567', 'voice')).toMatchObject({ ok: false, problem: 'not-personal' });
    expect(checkPhoneNumber('+1 202 555 0143', 'sms')).toMatchObject({ ok: true, e164: '+12025550143' });
    expect(checkPhoneNumber('+44 7700 900123', 'sms')).toMatchObject({ ok: false, problem: 'invalid' });
  });

  it('when a number is masked, then only its country code and last two digits show', () => {
    expect(maskPhone('+447400123456')).toBe('+44 ********56');
  });
});

describe('the manual key', () => {
  it('when a secret is shown, then it is grouped in fours', () => {
    expect(groupInFours('JBSWY3DPEHPK3PXPJBSW')).toBe('JBSW Y3DP EHPK 3PXP JBSW');
  });
});
