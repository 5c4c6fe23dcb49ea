import { type AnalysedQuestion, PhrasingSimilarity } from '../../../src/services/faq/phrasing-similarity';
import { analyse } from '../../../src/services/faq/text-analysis';

function asked(id: string, texts: string[], labelled = false): AnalysedQuestion[] {
  return texts.map((text) => ({ id, groups: analyse(text), ...(labelled ? { text } : {}) }));
}

/** Entry "lost" is asked many alike ways; entry "travel" once in a way sharing more words, and otherwise apart. */
const QUESTIONS = [
  ...asked('lost', ['lost phone', 'lost phone yesterday', 'phone lost again']),
  ...asked('travel', [
    'lost phone abroad roaming charges europe',
    'passport renewal',
    'visa embassy',
    'currency exchange',
  ]),
];

function ranked(similarity: PhrasingSimilarity, question: string, leaveOut?: string): string[] {
  return [...similarity.best(analyse(question), leaveOut)].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

describe('phrasing similarity', () => {
  it("when one odd phrasing of another entry is nearest but an entry's many phrasings together are more like the question, then that entry ranks first", () => {
    expect(ranked(new PhrasingSimilarity(QUESTIONS), 'lost phone abroad')[0]).toBe('lost');
    // The nearest phrasing alone would have chosen the other entry: the blend is what decides.
    expect(ranked(new PhrasingSimilarity(QUESTIONS, { together: 0, power: 1 }), 'lost phone abroad')[0]).toBe(
      'travel',
    );
  });

  it('when a labelled question is left out, then its entry scores as if the question belonged to no entry', () => {
    const left = 'phone went missing on the train yesterday';
    const withIt = new PhrasingSimilarity([...QUESTIONS, ...asked('lost', [left, left], true)]);
    // The same phrasings (so the same word weights), the question's two copies given to an entry of their own.
    const reference = new PhrasingSimilarity([...QUESTIONS, ...asked('elsewhere', [left, left])]);
    for (const question of [left, 'lost phone abroad', 'phone missing yesterday']) {
      const a = withIt.best(analyse(question), left);
      const b = reference.best(analyse(question));
      b.delete('elsewhere');
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [id, score] of b) expect(a.get(id)).toBeCloseTo(score, 9);
    }
  });

  it('when a question is asked in exactly the words of an entry that has only that phrasing, then its likeness is 1', () => {
    const similarity = new PhrasingSimilarity(QUESTIONS);
    expect(similarity.best(analyse('visa embassy')).get('travel')).toBeLessThan(1);
    const single = new PhrasingSimilarity([...QUESTIONS, ...asked('visa', ['visa embassy'])]);
    expect(single.best(analyse('visa embassy')).get('visa')).toBeCloseTo(1, 9);
  });
});
