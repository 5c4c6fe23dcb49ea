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

/** How the nearest phrasing and the entry's phrasings taken together are blended (phrasing-similarity.ts). */
export interface LikenessBlend {
  /** Share (0..1) of an entry's likeness that comes from its phrasings taken together; the rest, the nearest. */
  together: number;
  /** The together-cosine is raised to this power first (below 1 lifts small cosines). */
  power: number;
}

/**
 * Chosen on the tuning set, leave-one-out (docs/faq.md): 0.2 with the cosine square-rooted in round 13 (tuning
 * top-1 89.9% -> 90.8% at 97.0% refused), 0.4 with power 0.6 in round 15, on more labelled questions
 * (91.0% / 97.4% -> 91.2% / 97.6%).
 */
export const DEFAULT_BLEND: LikenessBlend = { together: 0.4, power: 0.6 };

/**
 * How closely a question matches the ways an entry is asked: the cosine between TF-IDF vectors of the question
 * and of each of the entry's phrasings (and title), the best phrasing counting, blended with the cosine between
 * the question and the entry's phrasings taken together (their summed vectors: what the ways of asking for it
 * have in common). Where BM25 scores words spread over an entry's fields, the nearest phrasing rewards a question
 * shaped like one way of asking for the entry ("mislaid my mobile" against "I've lost my phone"), the
 * nearest-neighbour match that FAQ systems keep alternative questions for; the phrasings taken together keep
 * one odd phrasing of a neighbouring entry from outweighing the many ways of asking for the right one.
 * Computed through an inverted index: only phrasings sharing a term are visited.
 */
export class PhrasingSimilarity {
  /** The phrasings that have a term (by phrasing position). */
  private readonly postings: Map<string, Postings>;
  /** Entry ids, in order of first phrasing; an entry is known by its position here. */
  private readonly entryIds: string[] = [];
  /** Per phrasing: the position of its entry in `entryIds`. */
  private readonly owners: Uint32Array;
  /** Per phrasing: its score for the question being ranked (reused between questions; JS runs one at a time). */
  private readonly dots: Float64Array;
  /** Per entry: its nearest phrasing's score for the question being ranked (reused, like `dots`). */
  private readonly nearest: Float64Array;
  /** The phrasings the question being ranked shares a term with, in the order reached (reused, like `dots`). */
  private readonly touched: Uint32Array;
  /** Phrasing index by labelled question text (lower case, trimmed). */
  private readonly byText = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  /** The weight of a term no phrasing uses: as rare as a term in one phrasing. */
  private readonly rarest: number;
  /** Per entry: its phrasings' summed vector, and that vector's squared length. */
  private readonly sums: { vector: Map<string, number>; length2: number }[] = [];
  /** The entries whose summed vector has a term: parallel arrays of entry position and weight. */
  private readonly sumPostings: Map<string, Postings>;
  /** Per entry: the question's dot product with its summed vector (reused, like `dots`). */
  private readonly towards: Float64Array;
  /** Per phrasing: its dot product with its own entry's summed vector (to leave it out exactly). */
  private readonly selfDot: Float64Array;

  constructor(
    questions: readonly AnalysedQuestion[],
    private readonly blend: LikenessBlend = DEFAULT_BLEND,
  ) {
    const df = new Map<string, number>();
    const termsOf = questions.map((q) => q.groups.flat());
    for (const terms of termsOf) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    const n = Math.max(questions.length, 1);
    for (const [t, count] of df) this.idf.set(t, Math.log(1 + n / count));
    this.rarest = Math.log(1 + n);
    const vectors = termsOf.map((terms) => this.vector(terms));
    const entryOf = new Map<string, number>();
    this.owners = new Uint32Array(questions.length);
    questions.forEach((q, doc) => {
      let entry = entryOf.get(q.id);
      if (entry === undefined) {
        entryOf.set(q.id, (entry = this.entryIds.length));
        this.entryIds.push(q.id);
        this.sums.push({ vector: new Map<string, number>(), length2: 0 });
      }
      this.owners[doc] = entry;
      if (q.text !== undefined) {
        const key = textKey(q.text);
        this.byText.set(key, [...(this.byText.get(key) ?? []), doc]);
      }
      const sum = this.sums[entry];
      for (const [term, weight] of vectors[doc] ?? [])
        sum.vector.set(term, (sum.vector.get(term) ?? 0) + weight);
    });
    this.postings = postingsOf(vectors);
    for (const sum of this.sums) sum.length2 = dot(sum.vector, sum.vector);
    this.sumPostings = postingsOf(this.sums.map((sum) => sum.vector));
    this.selfDot = Float64Array.from(questions, (_q, doc) =>
      dot(vectors[doc] ?? new Map(), this.sums[this.owners[doc]]?.vector ?? new Map()),
    );
    this.dots = new Float64Array(questions.length);
    this.touched = new Uint32Array(questions.length);
    this.nearest = new Float64Array(this.entryIds.length);
    this.towards = new Float64Array(this.entryIds.length);
  }

  /**
   * Entry id -> the entry's likeness (0..1): the best cosine between the question and one of its phrasings,
   * blended with the cosine to its phrasings taken together. `leaveOut`: a labelled question with this text
   * is not matched, nor counted among its entry's phrasings (leave-one-out evaluation).
   * Runs on every FAQ turn: the per-phrasing work is on typed arrays indexed by phrasing and entry position.
   */
  best(groups: readonly TermGroup[], leaveOut?: string): Map<string, number> {
    const { dots, nearest, owners, touched } = this;
    let reached = 0;
    const question = this.vector(groups.flat());
    for (const [term, weight] of question) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        if (dots[doc] === 0) touched[reached++] = doc;
        dots[doc] += weight * weights[i];
      }
    }
    const left = leaveOut === undefined ? undefined : this.byText.get(textKey(leaveOut));
    /** Entries with a phrasing like the question, in the order their first such phrasing was reached. */
    const entries: number[] = [];
    /** Per entry: how like the question its left-out phrasings are, summed (taken out of its sum below). */
    const leftOut = new Map<number, number>();
    for (let n = 0; n < reached; n++) {
      const doc = touched[n];
      const d = dots[doc];
      dots[doc] = 0;
      const entry = owners[doc];
      if (left?.includes(doc)) leftOut.set(entry, (leftOut.get(entry) ?? 0) + d);
      else if (d > nearest[entry]) {
        if (nearest[entry] === 0) entries.push(entry);
        nearest[entry] = d;
      }
    }
    // The question's dot product with each entry's summed vector, term by term in the question's order (as
    // a dot product over the question's terms adds them up).
    const { towards } = this;
    for (const [term, weight] of question) {
      const list = this.sumPostings.get(term);
      if (!list) continue;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) towards[docs[i]] += weight * weights[i];
    }
    const { together: share, power } = this.blend;
    const byEntry = new Map<string, number>();
    for (const entry of entries) {
      const best = nearest[entry];
      nearest[entry] = 0;
      const cosine = this.togetherCosine(towards[entry], entry, left, leftOut.get(entry) ?? 0);
      byEntry.set(this.entryIds[entry], (1 - share) * best + share * Math.min(1, cosine) ** power);
    }
    towards.fill(0);
    return byEntry;
  }

  /**
   * The cosine between the question and the entry's summed phrasing vectors, its left-out phrasings (copies of
   * one text, so one vector v taken k times; `questionDotSum` = q.S, `leftDot` = q.kv) taken out of the sum:
   * q.(S - kv) / |S - kv|, with |S - kv|^2 = |S|^2 - 2k S.v + k^2 |v|^2.
   */
  private togetherCosine(
    questionDotSum: number,
    entry: number,
    left: readonly number[] | undefined,
    leftDot: number,
  ): number {
    const sum = this.sums[entry];
    if (!sum) return 0;
    const own = left ? left.filter((doc) => this.owners[doc] === entry) : NONE;
    const k = own.length;
    const v = k > 0 ? (this.selfDot[own[0] ?? 0] ?? 0) : 0;
    const unit = v === 0 ? 0 : 1; // phrasing vectors are unit length (or empty)
    const length2 = Math.max(0, sum.length2 - 2 * k * v + k * k * unit);
    const towards = questionDotSum - leftDot;
    return length2 > 1e-12 ? Math.max(0, towards) / Math.sqrt(length2) : 0;
  }

  /** Unit-length TF-IDF weights; a term no phrasing uses weighs as the rarest, so it dilutes the match. */
  private vector(terms: readonly string[]): Map<string, number> {
    const v = new Map<string, number>();
    for (const t of terms) v.set(t, (v.get(t) ?? 0) + (this.idf.get(t) ?? this.rarest));
    let length2 = 0;
    for (const x of v.values()) length2 += x * x;
    const norm = Math.sqrt(length2) || 1;
    for (const [t, x] of v) v.set(t, x / norm);
    return v;
  }
}

const NONE: readonly number[] = [];

/** An inverted index of weighted vectors: per term, the positions of the vectors that have it, in order. */
function postingsOf(vectors: readonly ReadonlyMap<string, number>[]): Map<string, Postings> {
  const lists = new Map<string, { docs: number[]; weights: number[] }>();
  vectors.forEach((vector, doc) => {
    for (const [term, weight] of vector) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = { docs: [], weights: [] }));
      list.docs.push(doc);
      list.weights.push(weight);
    }
  });
  const postings = new Map<string, Postings>();
  for (const [term, list] of lists)
    postings.set(term, { docs: Uint32Array.from(list.docs), weights: Float64Array.from(list.weights) });
  return postings;
}

function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const [term, weight] of a) sum += weight * (b.get(term) ?? 0);
  return sum;
}

function textKey(text: string): string {
  return text.trim().toLowerCase();
}
