import { BoundedMemo } from '../../../src/domain/bounded-memo';

describe('bounded memo', () => {
  it('when a key is asked for again, then its value is not worked out again; when full, everything is worked out afresh', () => {
    const made: string[] = [];
    const memo = new BoundedMemo<string, string>(2);
    const upper = (k: string): string => (made.push(k), k.toUpperCase());
    expect([memo.get('a', upper), memo.get('b', upper), memo.get('a', upper)]).toEqual(['A', 'B', 'A']);
    expect(made).toEqual(['a', 'b']);
    memo.get('c', upper); // full: forgets a and b
    memo.get('a', upper);
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });

  it('when the value is null (nothing found), then that is remembered too', () => {
    let calls = 0;
    const memo = new BoundedMemo<string, string | null>(10);
    const none = (): null => (calls++, null);
    expect([memo.get('x', none), memo.get('x', none)]).toEqual([null, null]);
    expect(calls).toBe(1);
  });
});
