import { analyse, stem } from '../../../src/services/faq/text-analysis';

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
});
