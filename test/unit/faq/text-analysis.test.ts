import { join } from 'node:path';
import { loadLabelledQuestions } from '../../../src/services/faq/labelled-questions';
import { PHRASES } from '../../../src/services/faq/synonyms';
import { analyse, analyseClauses, applyPhrases, stem } from '../../../src/services/faq/text-analysis';

describe('text analysis', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['relational', 'relat'],
    ['hopping', 'hop'],
    ['generalization', 'gener'],
    ['registering', 'regist'],
    ['authenticator', 'authent'],
  ])('when "%s" is stemmed, then it becomes "%s" (Porter, @stdlib/nlp-porter-stemmer)', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it.each(['2FA', 'two-factor authentication', 'two step verification', '2-step'])(
    'when a question says "%s", then it is read as two-factor / MFA',
    (phrase) => {
      expect(analyse(phrase)).toEqual([['twofactor', 'mfa']]);
    },
  );

  it('when staff say MS Auth or authenticator app, then both mean the Authenticator', () => {
    expect(analyse('ms auth')).toEqual([['authent']]);
    expect(analyse('the auth app')).toEqual([['authent'], ['app']]);
  });

  it('when a question says OTP, passcode or 6 digit code, then all mean a one-time code', () => {
    for (const q of ['otp', 'passcode', '6 digit code', 'one-time password'])
      expect(analyse(q)).toEqual([['otp', 'code']]);
  });

  it('when a question says text message, then it means SMS', () => {
    expect(analyse('text message')).toEqual([['sm', 'text']]);
  });

  it('when a question is only filler words, then nothing is left to search for', () => {
    expect(analyse('hello, can you tell me what this is please')).toEqual([]);
  });

  it('when a long question has commas and conjunctions, then its clauses are analysed apart, empty ones left out', () => {
    expect(analyseClauses("how long does it take to set up, I've only got 5 mins between patients")).toEqual([
      [['how'], ['long'], ['take'], ['enrol']],
      [['5'], ['min'], ['patient']],
    ]);
    expect(analyseClauses('hi, lost phone but ok')).toEqual([[['lost'], ['phone']]]);
  });

  it('when report statuses are compared ("User Enabled vs Admin Enabled"), then each status is one concept and the comparison words drop', () => {
    expect(analyse("what's the difference between User Enabled and Admin Enabled")).toEqual([
      ['useren'],
      ['adminen'],
    ]);
    expect(analyse('user disabled versus admin disabled')).toEqual([['userdis'], ['admindis']]);
  });

  it('when someone asks to switch MFA off "myself", then it means the self-enrol flow', () => {
    expect(analyse('can I turn mfa off myself')).toContainEqual(['self']);
  });

  it('when a second or backup phone is meant, then it is the voice call to a second number, not a new phone', () => {
    for (const q of ['a second phone number', 'a backup phone', 'add another mobile', 'as a backup'])
      expect(analyse(q)).toEqual([['secondphon', 'voic']]);
    expect(analyse('another phone')).toEqual(analyse('new phone'));
  });

  it('when the phrase rules are applied, skipping those that cannot match, every labelled question (and pairs of them run together) reads as applying every rule in order would', () => {
    const everyRule = (text: string): string =>
      PHRASES.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
    const labelled = loadLabelledQuestions(join(__dirname, '../../../content/faq/questions.yaml'));
    const texts = [...labelled.questions.map((q) => q.q), ...labelled.refusals].map((q) => q.toLowerCase());
    const paired = texts.map((t, i) => `${t} ${texts[(i * 7 + 3) % texts.length]}`);
    let changed = 0;
    for (const text of [...texts, ...paired]) {
      expect(applyPhrases(text)).toBe(everyRule(text));
      if (everyRule(text) !== text) changed++;
    }
    // The comparison means something only if many texts are rewritten, by more than one rule.
    expect(changed).toBeGreaterThan(texts.length);
  });
});
