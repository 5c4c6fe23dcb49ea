import { Speller } from '../../../src/services/faq/speller';

describe('speller', () => {
  const speller = Speller.fromTexts(
    ['Install the Microsoft Authenticator app on your phone.', 'My phone was stolen. Phone the helpdesk.'],
    ['exemption'],
    ['abroad'],
  );

  it.each([
    ['authentcator', 'authenticator'],
    ['autheticator', 'authenticator'],
    ['stollen', 'stolen'],
    ['exmeption', 'exemption'],
    ['phnoe', 'phone'],
  ])('when "%s" is unknown, then it is read as "%s"', (typo, meant) => {
    expect(speller.correct(typo)).toBe(meant);
  });

  it('when a four-letter word is unknown, then only a swap of neighbouring letters corrects it', () => {
    const s = Speller.fromTexts(['what the phone'], [], []);
    expect(s.correct('whta')).toBe('what');
    expect(s.correct('waht')).toBe('what');
    expect(s.correct('whot')).toBeUndefined();
  });

  it('when a word is known, too short, or near nothing, then it is left alone', () => {
    expect(speller.correct('phone')).toBeUndefined();
    expect(speller.correct('abroad')).toBeUndefined();
    expect(speller.correct('fone')).toBeUndefined();
    expect(speller.correct('lunchtime')).toBeUndefined();
  });

  it('when two known words are as close, then the one the texts use most wins', () => {
    const s = Speller.fromTexts(['phone phone phone', 'phono'], [], []);
    expect(s.correct('phonx')).toBe('phone');
  });
});
