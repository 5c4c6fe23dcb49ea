import fc from 'fast-check';
import { escapeRegex } from '../../src/adapters/store/document-values';
import { assertSafeValue } from '../../src/adapters/store/safe-value';

describe('escapeRegex', () => {
  it('when any text is escaped, then the pattern matches exactly that text literally', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
        fc.string({ maxLength: 5 }),
        (text, around) => {
          const re = new RegExp(escapeRegex(text), 'i');
          expect(re.test(`${around}${text}${around}`)).toBe(true);
          expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
        },
      ),
    );
  });

  it('when text is full of metacharacters, then none of them act as operators', () => {
    const re = new RegExp(`^${escapeRegex('.*+?^${}()|[]\\/-')}$`);
    expect(re.test('.*+?^${}()|[]\\/-')).toBe(true);
    expect(re.test('anything')).toBe(false);
  });
});

describe('assertSafeValue', () => {
  it('when values are plain (strings, numbers, dates, arrays, nested objects), then they pass', () => {
    expect(() =>
      assertSafeValue({
        a: 'x',
        b: 1,
        c: new Date(),
        d: [1, { e: null }],
        f: { g: true },
        h: '$gt',
        i: 'a.b',
      }),
    ).not.toThrow();
  });

  it.each([
    [{ $gt: '' }],
    [{ upn: { $ne: null } }],
    [{ list: [{ ok: 1 }, { $where: 'x' }] }],
    [{ 'profile.role': 'globalAdmin' }],
    [{ nested: { deeper: { 'a.b': 1 } } }],
  ])('when a value has an operator or dotted key (%j), then it is refused as VALIDATION', (value) => {
    expect(() => assertSafeValue(value)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('when a value is not a plain object (a class instance), then it is refused', () => {
    class Sneaky {
      $gt = '';
    }
    expect(() => assertSafeValue({ x: new Sneaky() })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});
