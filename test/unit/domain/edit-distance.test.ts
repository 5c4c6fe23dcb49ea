import { closest, editDistance } from '../../../src/domain/edit-distance';

describe('edit distance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['recieve', 'receive', 2],
  ])('when "%s" and "%s" are compared, then the Levenshtein distance is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('when transpositions count, then swapping two neighbouring letters is one edit', () => {
    expect(editDistance('recieve', 'receive', { transpositions: true })).toBe(1);
    expect(editDistance('autheticator', 'authenticator', { transpositions: true })).toBe(1);
  });

  it('when a bound is given and the words are further apart, then it answers with something above the bound', () => {
    expect(editDistance('phone', 'authenticator', { max: 2 })).toBeGreaterThan(2);
    expect(editDistance('stollen', 'stolen', { max: 1 })).toBe(1);
  });

  it('when the closest word is looked for, then ties go to the first listed and far words to nobody', () => {
    expect(closest('stollen', ['swollen', 'stolen'], 1)).toBe('swollen');
    expect(closest('iphnoe', ['iphone', 'phone'], 1, { transpositions: true })).toBe('iphone');
    expect(closest('banana', ['phone', 'mfa'], 2)).toBeUndefined();
  });
});
