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

  it('when many words of all lengths are compared one after another, then each distance is the textbook one', () => {
    // The textbook table (optimal string alignment), fresh for every pair.
    const reference = (a: string, b: string, swaps: boolean): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            d[i][j - 1] + 1,
            d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
          if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      return d[a.length][b.length];
    };
    let seed = 7;
    const letter = (): string => 'abcde'[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 5];
    const word = (): string => Array.from({ length: (seed % 90) + 1 }, letter).join('');
    for (let n = 0; n < 300; n++) {
      const [a, b] = [word(), word()];
      const swaps = n % 2 === 0;
      expect(editDistance(a, b, { transpositions: swaps })).toBe(reference(a, b, swaps));
    }
  });
});
