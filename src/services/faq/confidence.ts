import type { FaqHit, FaqQueryResult } from './faq-index';

export interface ConfidenceThresholds {
  /** At or above: answer with the top entry. */
  answer: number;
  /** Below this coverage the question is about something the knowledge base does not cover. */
  minCoverage: number;
  /** Suggestions must cover at least this share of the question too. */
  suggestionCoverage: number;
  maxSuggestions: number;
  /**
   * Refused when the nearest labelled out-of-scope question is at least this much more like the question
   * than the top entry is (likeness, 0..1; below 0: refused when it is nearly as like); `Infinity` turns it
   * off.
   */
  refusedMargin: number;
  /**
   * A question using a word that only labelled out-of-scope questions use is refused unless its top entry is
   * at least this like it (likeness, 0..1); above 1 such a word always refuses, 0 turns it off.
   */
  refusedWordLikeness: number;
  /**
   * A question of at least this many concepts (several sentences of someone's situation) is not refused for
   * its words: not for a word only out-of-scope questions use, nor for matching no entry closely with no MFA
   * word in it. Out-of-scope questions are short; long ones are nearly all about MFA with chatter around it.
   * It is still refused when it is as like a labelled out-of-scope question as like any entry.
   */
  longQuestionConcepts: number;
}

/** Chosen on the tuning set with `npm run eval:faq -- --sweep` (docs/faq.md explains the choice). */
export const DEFAULT_THRESHOLDS: ConfidenceThresholds = {
  answer: 0.5,
  minCoverage: 0.6,
  suggestionCoverage: 0.4,
  maxSuggestions: 3,
  refusedMargin: -0.05,
  refusedWordLikeness: 0.7,
  longQuestionConcepts: 9,
};

/**
 * Turns the ranking into a 0..1 confidence: how much of the question the top entry explains
 * (coverage), discounted when the runner-up is almost as like the question (an ambiguous question).
 */
export function confidenceOf(hits: readonly FaqHit[]): number {
  const [top, second] = hits;
  if (!top || top.score <= 0) return 0;
  const margin = second ? Math.max(0, 1 - second.score / top.score) : 1;
  return round(top.coverage * (0.55 + 0.45 * Math.sqrt(margin)));
}

export type Decision =
  | { kind: 'answer'; id: string; confidence: number }
  | { kind: 'suggestions'; ids: string[]; confidence: number }
  | { kind: 'none'; confidence: number };

/**
 * Answer when confident; otherwise suggest when the question is close to the knowledge base, clearly about
 * MFA or long; otherwise admit there is no answer.
 */
export function decide(result: FaqQueryResult, t: ConfidenceThresholds = DEFAULT_THRESHOLDS): Decision {
  const { hits, inDomain } = result;
  const top = hits[0];
  const confidence = confidenceOf(hits);
  if (!top) return { kind: 'none', confidence };
  if (result.refusedLikeness > 0 && result.refusedLikeness >= top.score + t.refusedMargin)
    return { kind: 'none', confidence };
  const long = result.concepts >= t.longQuestionConcepts;
  if (!long && result.refusedOnlyWords > 0 && top.score < t.refusedWordLikeness)
    return { kind: 'none', confidence };
  const close = top.coverage >= t.minCoverage && top.core;
  if (close && confidence >= t.answer) return { kind: 'answer', id: top.id, confidence };
  if (!close && !inDomain && !long) return { kind: 'none', confidence };
  const floor = close ? t.suggestionCoverage : 0;
  const ids = hits
    .filter((h) => h.coverage >= floor)
    .slice(0, t.maxSuggestions)
    .map((h) => h.id);
  return { kind: 'suggestions', ids, confidence };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
