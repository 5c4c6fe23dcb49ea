import type { TermGroup } from './text-analysis';

/** One way of asking for an entry (its title or one of its phrasings), already analysed. */
export interface AnalysedQuestion {
  id: string;
  groups: readonly TermGroup[];
  /** A labelled question's text, so that evaluation can leave it out when that very question is asked. */
  text?: string;
}

/** The phrasings that use one term: parallel arrays of phrasing index and that term's weight in it. */
interface Postings {
  docs: Uint32Array;
  weights: Float64Array;
}

/**
 * How closely a question matches the ways an entry is asked, as a whole: the cosine between TF-IDF vectors of
 * the question and of each of the entry's phrasings (and title), the best phrasing counting. Where BM25 scores
 * words spread over an entry's fields, this rewards a question shaped like one way of asking for the entry
 * ("mislaid my mobile" against "I've lost my phone"), the nearest-neighbour match that FAQ systems keep
 * alternative questions for. Computed through an inverted index: only phrasings sharing a term are visited.
 */
export class PhrasingSimilarity {
  private readonly postings = new Map<string, Postings>();
  private readonly owners: string[] = [];
  /** Per phrasing: its score for the question being ranked (reused between questions; JS runs one at a time). */
  private readonly dots: Float64Array;
  /** Phrasing index by labelled question text (lower case, trimmed). */
  private readonly byText = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  /** The weight of a term no phrasing uses: as rare as a term in one phrasing. */
  private readonly rarest: number;

  constructor(questions: readonly AnalysedQuestion[]) {
    const df = new Map<string, number>();
    const termsOf = questions.map((q) => q.groups.flat());
    for (const terms of termsOf) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    const n = Math.max(questions.length, 1);
    for (const [t, count] of df) this.idf.set(t, Math.log(1 + n / count));
    this.rarest = Math.log(1 + n);
    const lists = new Map<string, { docs: number[]; weights: number[] }>();
    questions.forEach((q, doc) => {
      this.owners.push(q.id);
      if (q.text !== undefined) {
        const key = textKey(q.text);
        this.byText.set(key, [...(this.byText.get(key) ?? []), doc]);
      }
      for (const [term, weight] of this.vector(termsOf[doc] ?? [])) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { docs: [], weights: [] }));
        list.docs.push(doc);
        list.weights.push(weight);
      }
    });
    for (const [term, list] of lists)
      this.postings.set(term, {
        docs: Uint32Array.from(list.docs),
        weights: Float64Array.from(list.weights),
      });
    this.dots = new Float64Array(questions.length);
  }

  /**
   * Entry id -> the best cosine (0..1) between the question and one of that entry's phrasings. `leaveOut`: a
   * labelled question with this text is not matched (leave-one-out evaluation).
   */
  best(groups: readonly TermGroup[], leaveOut?: string): Map<string, number> {
    const dots = this.dots;
    const touched: number[] = [];
    for (const [term, weight] of this.vector(groups.flat())) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i];
        if (dots[doc] === 0) touched.push(doc);
        dots[doc] += weight * list.weights[i];
      }
    }
    const left = leaveOut === undefined ? undefined : this.byText.get(textKey(leaveOut));
    const byEntry = new Map<string, number>();
    for (const doc of touched) {
      const dot = dots[doc];
      dots[doc] = 0;
      if (left?.includes(doc)) continue;
      const id = this.owners[doc];
      if (dot > (byEntry.get(id) ?? 0)) byEntry.set(id, dot);
    }
    return byEntry;
  }

  /** Unit-length TF-IDF weights; a term no phrasing uses weighs as the rarest, so it dilutes the match. */
  private vector(terms: readonly string[]): Map<string, number> {
    const v = new Map<string, number>();
    for (const t of terms) v.set(t, (v.get(t) ?? 0) + (this.idf.get(t) ?? this.rarest));
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [t, x] of v) v.set(t, x / norm);
    return v;
  }
}

function textKey(text: string): string {
  return text.trim().toLowerCase();
}
