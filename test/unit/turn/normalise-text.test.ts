import { MAX_TEXT_LENGTH, matchForm, normaliseText } from '../../../src/turn/normalise-text';

describe('normaliseText', () => {
  it('when the bot is @mentioned, then the mention is removed and the rest kept', () => {
    expect(normaliseText('<at>MFA Bot</at> help   me')).toBe('help me');
  });

  it('when the text has tabs, newlines and non-breaking spaces, then whitespace is folded to single spaces', () => {
    expect(normaliseText('  set\tup\n\nnow&nbsp;please  ')).toBe('set up now please');
  });

  it('when the text has stray HTML tags, then they are dropped', () => {
    expect(normaliseText('<p>status <b>jane@example.org</b></p>')).toBe('status jane@example.org');
  });

  it('when the text is very long, then it is capped', () => {
    const out = normaliseText('a '.repeat(50_000));
    expect(out.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(out.length).toBeGreaterThan(MAX_TEXT_LENGTH - 2);
  });

  it('when there is no text (a card submit), then it is the empty string', () => {
    expect(normaliseText(undefined)).toBe('');
  });

  it('when matching, then case and trailing punctuation do not matter but the original spelling is kept', () => {
    expect(normaliseText('Status Jane.Doe@Example.org')).toBe('Status Jane.Doe@Example.org');
    expect(matchForm('HELP?!')).toBe('help');
  });
});
