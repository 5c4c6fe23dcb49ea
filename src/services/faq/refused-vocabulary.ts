/**
 * Words that only the labelled out-of-scope questions use: no entry (title, phrasings, tags, answer) and no
 * labelled in-scope question has them ("printer", "ESR", "rota"). A question using one is about something
 * else more often than not, even when its other words ("verification code") are this knowledge base's
 * (confidence.ts weighs it against how like an entry the question is).
 */
export class RefusedVocabulary {
  private readonly inScope = new Map<string, number>();
  private readonly refused = new Map<string, number>();
  /** Labelled question text -> the terms of each copy, to leave a question's own copies out. */
  private readonly copies = new Map<string, { inScope: Set<string>[]; refused: Set<string>[] }>();

  /**
   * @param entryTerms the terms of each entry (all its fields)
   * @param inScope labelled in-scope questions: text and terms
   * @param refused labelled out-of-scope questions: text and terms
   */
  constructor(
    entryTerms: readonly (readonly string[])[],
    inScope: readonly { text: string; terms: readonly string[] }[],
    refused: readonly { text: string; terms: readonly string[] }[],
  ) {
    for (const terms of entryTerms) countInto(this.inScope, new Set(terms));
    for (const q of inScope) this.remember(q.text, new Set(q.terms), 'inScope');
    for (const q of refused) this.remember(q.text, new Set(q.terms), 'refused');
  }

  /**
   * How many of `terms` only out-of-scope questions use. `leaveOut`: a labelled question with this text is
   * not counted (leave-one-out evaluation), as if it had never been labelled.
   */
  onlyRefused(terms: readonly string[], leaveOut?: string): number {
    const own = leaveOut === undefined ? undefined : this.copies.get(textKey(leaveOut));
    const uses = (counts: Map<string, number>, ownCopies: Set<string>[] | undefined, term: string) =>
      (counts.get(term) ?? 0) - (ownCopies?.filter((c) => c.has(term)).length ?? 0);
    return [...new Set(terms)].filter(
      (t) => uses(this.inScope, own?.inScope, t) === 0 && uses(this.refused, own?.refused, t) > 0,
    ).length;
  }

  private remember(text: string, terms: Set<string>, kind: 'inScope' | 'refused'): void {
    countInto(this[kind], terms);
    const key = textKey(text);
    const copies = this.copies.get(key) ?? { inScope: [], refused: [] };
    copies[kind].push(terms);
    this.copies.set(key, copies);
  }
}

function countInto(counts: Map<string, number>, terms: Set<string>): void {
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
}

function textKey(text: string): string {
  return text.trim().toLowerCase();
}
