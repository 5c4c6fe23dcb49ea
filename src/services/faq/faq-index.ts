import MiniSearch from 'minisearch';
import type { FaqAudience, FaqEntry } from './faq-entry';
import type { LabelledQuestion } from './labelled-questions';
import { PhrasingSimilarity } from './phrasing-similarity';
import { RefusedVocabulary } from './refused-vocabulary';
import { Speller } from './speller';
import { TermScores } from './term-scores';
import {
  analyse,
  analyseClauses,
  indexTerms,
  isDomainTerm,
  phraseWords,
  type TermGroup,
  vocabularyWords,
} from './text-analysis';

export interface FaqQueryResult {
  /** The question uses a word only this domain uses (MFA, authenticator, OTP ...). */
  inDomain: boolean;
  hits: FaqHit[];
  /** Likeness (0..1) of the nearest labelled out-of-scope question (0 when none is like it). */
  refusedLikeness: number;
  /** How many of the question's words only labelled out-of-scope questions use (refused-vocabulary.ts). */
  refusedOnlyWords: number;
  /** How many concepts (a word with its synonyms; stopwords left out) the question has. */
  concepts: number;
}

/** The owner of the labelled out-of-scope questions among the examples (never an entry id: ids are slugs). */
const REFUSED = ' refused';

/** One ranked candidate: how like the question it is, and how much of the question it explains. */
export interface FaqHit {
  id: string;
  /** Likeness (0..1): the best cosine between the question and one way of asking for the entry. */
  score: number;
  /** Share (0..1) of the question's concepts, weighted by rarity, that this entry matched. */
  coverage: number;
  /**
   * The entry matched one of the question's concepts in its title or tags (what it is about), not only
   * in a phrasing or the answer, where incidental words ("manager", "day", "office") also sit.
   */
  core: boolean;
}

interface IndexedDoc {
  id: string;
  title: string;
  phrasings: string;
  tags: string;
  answer: string;
  audience: FaqAudience;
}

/**
 * How much more a word the knowledge base does not know weighs than the rarest known one (1 = the same):
 * a question about something else ("book annual leave") is mostly words like that, so it is refused.
 */
const OOV_FACTOR = 1.1;
/**
 * In a question of more concepts than this, unknown words weigh proportionally less: in a long, rambling
 * question they are more likely chatter ("my manager said ... nobody told me") than its subject.
 */
const UNKNOWN_FULL_WEIGHT_UP_TO = 4;
const FIELDS = ['title', 'phrasings', 'tags', 'answer'] as const;
/** Field weighting: a match in the title or an alternative phrasing says more than one in the answer. */
const BOOST = { title: 3, phrasings: 2.5, tags: 1.5, answer: 1 };
/**
 * Everyone sees every entry (staff get an admin entry as its short answer and "your local admin can do
 * this"), but an entry written for the asker's audience wins a near tie: another audience's entry counts
 * this much.
 */
const OTHER_AUDIENCE = 0.7;
/**
 * A question of more concepts than this is also measured clause by clause ("how long does it take to set
 * up, I've only got 5 mins between patients"): an entry that explains a whole clause of two or more concepts
 * is credited with that clause's coverage times CLAUSE_CREDIT, when that beats its coverage of the question.
 */
const CLAUSES_FROM = 5;
const CLAUSE_CREDIT = 0.9;

/**
 * The search index over the knowledge base: MiniSearch (BM25+, field boosts) fed with our own analysis
 * (spelling, synonyms, stopwords, Porter stemming), plus a per-concept coverage measure that the
 * confidence is built from.
 */
export class FaqIndex {
  private readonly search: TermScores;
  private readonly audiences = new Map<string, FaqAudience>();
  private readonly idf = new Map<string, number>();
  private readonly oovWeight: number;
  private readonly speller: Speller;
  private readonly phrasings: PhrasingSimilarity;
  private readonly refusedVocabulary: RefusedVocabulary;

  /**
   * `questions`: labelled questions (content/faq/questions.yaml), matched like phrasings of their entry;
   * `refusals`: its out-of-scope questions, matched the same way, so that a question more like one of them
   * than like any way of asking for an entry can be refused (confidence.ts).
   */
  constructor(
    entries: readonly FaqEntry[],
    questions: readonly LabelledQuestion[] = [],
    refusals: readonly string[] = [],
  ) {
    const search = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      tokenize: (text) => indexTerms(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: BOOST,
        tokenize: (text) => text.split(' ').filter((t) => t.length > 0),
        processTerm: (term) => term,
        // Misspellings are corrected before the search (Speller); prefix matching found nothing more on
        // the tuning set, so neither runs here (both cost time on every question).
        fuzzy: false,
        prefix: false,
        combineWith: 'OR',
      },
    });
    const docs = entries.map(toDoc);
    search.addAll(docs);
    for (const d of docs) this.audiences.set(d.id, d.audience);
    this.speller = Speller.fromTexts(
      docs.flatMap((d) => FIELDS.map((f) => d[f])),
      vocabularyWords(),
      phraseWords(),
    );

    const df = new Map<string, number>();
    for (const e of entries) {
      for (const term of new Set(FIELDS.flatMap((f) => indexTerms(toDoc(e)[f])))) {
        df.set(term, (df.get(term) ?? 0) + 1);
      }
    }
    const known = new Set(entries.map((e) => e.id));
    const asked = questions
      .filter((x) => known.has(x.id))
      .map((x) => ({ id: x.id, groups: analyse(x.q), text: x.q }));
    const refused = refusals.map((q) => ({ id: REFUSED, groups: analyse(q), text: q }));
    this.phrasings = new PhrasingSimilarity([
      ...entries.flatMap((e) => [e.title, ...e.phrasings].map((q) => ({ id: e.id, groups: analyse(q) }))),
      ...asked,
      ...refused,
    ]);
    this.refusedVocabulary = new RefusedVocabulary(
      docs.map((d) => FIELDS.flatMap((f) => indexTerms(d[f]))),
      asked.map((q) => ({ text: q.text, terms: q.groups.flat() })),
      refused.map((q) => ({ text: q.text, terms: q.groups.flat() })),
    );
    this.search = new TermScores(search, df.keys(), 'answer');
    const n = Math.max(entries.length, 1);
    for (const [term, count] of df) this.idf.set(term, Math.log(1 + n / count));
    const weights = [...this.idf.values()].sort((a, b) => a - b);
    const max = weights.at(-1) ?? 1;
    this.oovWeight = max * OOV_FACTOR;
  }

  get size(): number {
    return this.audiences.size;
  }

  /**
   * Ranked hits for a question, best first. `leaveOut` (evaluation only): the question's own copy among the
   * labelled questions is not matched, so a labelled question is measured as if never seen.
   */
  query(question: string, audience: FaqAudience, leaveOut = false): FaqQueryResult {
    const groups = analyse(question, this.speller);
    const inDomain = groups.some((g) => g.some(isDomainTerm));
    if (groups.length === 0)
      return { inDomain, hits: [], refusedLikeness: 0, refusedOnlyWords: 0, concepts: 0 };
    const clauses =
      groups.length >= CLAUSES_FROM
        ? analyseClauses(question, this.speller).filter((c) => c.length >= 2 && c.length < groups.length)
        : [];
    const similar = this.phrasings.best(groups, leaveOut ? question : undefined);
    return {
      inDomain,
      hits: this.rank(groups, clauses, audience, similar),
      refusedLikeness: similar.get(REFUSED) ?? 0,
      refusedOnlyWords: this.refusedVocabulary.onlyRefused(groups.flat(), leaveOut ? question : undefined),
      concepts: groups.length,
    };
  }

  private rank(
    groups: TermGroup[],
    clauses: TermGroup[][],
    audience: FaqAudience,
    similar: ReadonlyMap<string, number>,
  ): FaqHit[] {
    const terms = [...new Set(groups.flat())];
    const results = this.search.search(terms);
    const whole = this.weighted(groups);
    const parts = clauses.map((c) => this.weighted(c));
    return results
      .map((r) => {
        const matched = r.queryTerms;
        const coverage = parts.reduce(
          (best, part) => Math.max(best, CLAUSE_CREDIT * coverageOf(part, matched)),
          coverageOf(whole, matched),
        );
        // Among entries equally like the question, the one explaining more of it, for the asker's audience.
        const forAudience = this.audiences.get(r.id) === audience ? 1 : OTHER_AUDIENCE;
        const words = r.score * coverage * coverage * forAudience;
        const like = similar.get(r.id) ?? 0;
        // A question shaped like one way of asking for the entry is as close as one sharing its words.
        return { id: r.id, score: like, words, coverage: Math.max(coverage, like), core: r.core };
      })
      .sort((a, b) => b.score - a.score || b.words - a.words)
      .map(({ words: _words, ...hit }) => hit);
  }

  /** Each concept with its weight: unknown words weigh less in longer questions (chatter). */
  private weighted(groups: readonly TermGroup[]): WeightedGroups {
    const unknownWeight = this.oovWeight * Math.min(1, UNKNOWN_FULL_WEIGHT_UP_TO / groups.length);
    const weights = groups.map((g) => this.groupWeight(g, unknownWeight));
    return { groups, weights, total: weights.reduce((a, b) => a + b, 0) };
  }

  /** Rare concepts weigh more; a concept the knowledge base has never seen weighs most of all. */
  private groupWeight(group: TermGroup, unknownWeight: number): number {
    const known = group.map((t) => this.idf.get(t)).filter((w): w is number => w !== undefined);
    return known.length > 0 ? Math.max(...known) : unknownWeight;
  }
}

interface WeightedGroups {
  groups: readonly TermGroup[];
  weights: number[];
  total: number;
}

/** Share (0..1) of the concepts' weight that the matched terms explain. */
function coverageOf(q: WeightedGroups, matched: readonly string[]): number {
  if (q.total <= 0) return 0;
  const covered = q.groups.reduce(
    (sum, g, i) => (g.some((t) => matched.includes(t)) ? sum + q.weights[i] : sum),
    0,
  );
  return covered / q.total;
}

function toDoc(e: FaqEntry): IndexedDoc {
  return {
    id: e.id,
    title: e.title,
    phrasings: e.phrasings.join(' \n '),
    tags: e.tags.join(' '),
    answer: e.answer.replace(
      /\{\{\s*[A-Za-z]+\s*(?:\|([^}]*))?\}\}/g,
      (_m, fallback: string | undefined) => fallback ?? '',
    ),
    audience: e.audience,
  };
}
