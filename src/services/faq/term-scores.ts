import type MiniSearch from 'minisearch';

/** One entry's BM25 score for one term, as MiniSearch gives it, and whether the term is in what it is about. */
interface TermHit {
  id: string;
  score: number;
  /** The term is in the entry's title, phrasings or tags (not only in its answer). */
  core: boolean;
}

/** An entry matched by a query of several terms: MiniSearch's OR-combined result. */
export interface TermSearchHit {
  id: string;
  /** BM25 summed over the matched terms, times how many of the query's terms matched (MiniSearch's score). */
  score: number;
  /** The query's terms this entry matched, in query order. */
  queryTerms: string[];
  /** One of those terms is in the entry's title, phrasings or tags. */
  core: boolean;
}

/**
 * MiniSearch's BM25 results for each indexed term, asked for once per load, then combined per question the way
 * MiniSearch combines the terms of an OR query (scores summed in query order, times the number of terms
 * matched). The knowledge base does not change between loads, so each term's results never change either;
 * asking MiniSearch for every question repeated its per-term option merging and result building on every FAQ
 * turn (a third of the question's ranking time). Terms outside the index match nothing, as in MiniSearch
 * with prefix and fuzzy matching off (faq-index.ts).
 */
export class TermScores {
  private readonly byTerm = new Map<string, TermHit[]>();

  constructor(search: MiniSearch, terms: Iterable<string>, answerField: string) {
    for (const term of terms) {
      const hits = search.search(term).map((r) => ({
        id: r.id as string,
        score: r.score,
        core: (r.match[term] ?? []).some((field) => field !== answerField),
      }));
      if (hits.length > 0) this.byTerm.set(term, hits);
    }
  }

  /** Entries matching any of `terms` (distinct, in query order), best first; ties keep the order reached. */
  search(terms: readonly string[]): TermSearchHit[] {
    const combined = new Map<string, TermSearchHit>();
    for (const term of terms) {
      for (const hit of this.byTerm.get(term) ?? []) {
        const found = combined.get(hit.id);
        if (found) {
          found.score += hit.score;
          found.queryTerms.push(term);
          found.core ||= hit.core;
        } else {
          combined.set(hit.id, { id: hit.id, score: hit.score, queryTerms: [term], core: hit.core });
        }
      }
    }
    const results = [...combined.values()];
    for (const r of results) r.score *= r.queryTerms.length;
    return results.sort((a, b) => b.score - a.score);
  }
}
