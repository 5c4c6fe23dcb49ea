import porterStemmer from '@stdlib/nlp-porter-stemmer';
import { BoundedMemo } from '../../domain/bounded-memo';
import type { Speller } from './speller';
import { DOMAIN_WORDS, PHRASES, WORDS } from './synonyms';

/** Words that carry no meaning for matching. Question words that do (why, when, who) are kept. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above again all also am an and any are as at be been being but by can could did do does ' +
    'doing done for from further get gets getting got had has have having he her here hers him his i if ' +
    'in into is it its itself just me more most my no nor not of on once only or other our ours ' +
    'out over same she should so some such than that the their them then there these they this those ' +
    'through to too under until up very was we were what whats which while will with would you your yours ' +
    'yourself im ive id dont doesnt didnt cant wont isnt please thanks thank hi hey hello ok okay one thing ' +
    'something anyone someone actually really like need needs want wants know tell explain mean means meaning ' +
    'say says said us let lets go going make making made use using used instead happen happens happened staff ' +
    'employee employees everyone everybody many much ' +
    // Comparisons ("User Enabled vs Admin Enabled"): the two things compared are the question.
    'difference differences different between vs versus compare compared comparison ' +
    'explained explaining exactly just bit basically nobody anybody somebody ' +
    // Chat: greetings, thanks and spellings too short for the speller to correct.
    'wat wot wht u ur r pls plz thx ta hiya cheers mate sorry bother wondered wondering guys ' +
    // Contractions typed without the apostrophe (the phrase rules read "havent got" as without).
    'havent hasnt arent wasnt werent couldnt wouldnt shouldnt aint ' +
    // Ticket-note chatter: the helpdesk writing about a third person ("caller wants texts, possible?").
    'caller callers customer customers ticket tickets possible possibly true anymore ' +
    // Filler the speller would otherwise "correct" into a real word ("loads" into lead).
    'anything everything loads lots theres thats heres'
  ).split(' '),
);

/** One concept in the text: the terms it stands for (a word and its synonyms), stemmed. */
export type TermGroup = readonly string[];

const WORD_CACHE_LIMIT = 10_000;
const stems = new BoundedMemo<string, string>(WORD_CACHE_LIMIT);

/** Porter stem of one lower-case word (remembered: the same few hundred words come up again and again). */
export function stem(word: string): string {
  return stems.get(word, (w) => (/^[a-z]{3,}$/.test(w) ? porterStemmer(w) : w));
}

/**
 * Every phrase rule in one expression. A text that none of them matches (half of all questions) is left as it
 * is by all of them, since each rule only sees what the rules before it changed: one scan instead of one per rule.
 */
const ANY_PHRASE = new RegExp(PHRASES.map(([pattern]) => `(?:${pattern.source})`).join('|'));

/**
 * The phrase rules in order, each on the text as the rules before it left it. A rule is tried with `test`
 * before it is given the text to `replace`: a replace that finds nothing costs twice a test that finds nothing,
 * and most rules find nothing.
 */
export function applyPhrases(text: string): string {
  if (!ANY_PHRASE.test(text)) return text;
  let t = text;
  for (const [pattern, replacement] of PHRASES) {
    // The rules are global expressions, so `test` starts from their lastIndex.
    pattern.lastIndex = 0;
    if (pattern.test(t)) t = t.replace(pattern, replacement);
  }
  return t;
}

function normalise(text: string, speller?: Speller): string {
  let t = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  t = t.replace(/[\u2018\u2019\u02bc`]/g, "'");
  if (speller) t = t.replace(/[a-z]+/g, (w) => speller.correct(w) ?? w);
  t = applyPhrases(t);
  return t.replace(/'(s|re|ve|ll|d|m|t)\b/g, '$1');
}

/**
 * Splits text into concepts: misspelt words read as the known word meant (when a speller is given),
 * phrases and synonyms brought to one canonical word, stopwords dropped, every term Porter-stemmed.
 */
export function analyse(text: string, speller?: Speller): TermGroup[] {
  const groups: TermGroup[] = [];
  for (const word of normalise(text, speller).split(/[^a-z0-9]+/)) {
    if (word.length === 0 || STOPWORDS.has(word)) continue;
    groups.push(groupOf(word));
  }
  return groups;
}

const groupsByWord = new BoundedMemo<string, TermGroup>(WORD_CACHE_LIMIT);

/** The concept one word stands for: it and its synonyms, stemmed (remembered, as the stems are). */
function groupOf(word: string): TermGroup {
  return groupsByWord.get(word, (w) => [...new Set((WORDS.get(w) ?? [w]).map(stem))]);
}

/** Where a question breaks into clauses: punctuation and the conjunctions that start a new thought. */
const CLAUSE_BREAK = /[,.;:!?()]+|\b(?:but|because|cos|coz|so|although|though|then)\b/i;

/**
 * The question's concepts clause by clause ("how long does it take to set up", "I've only got 5 mins
 * between patients"); clauses with no concept are left out. A question of one clause gives one list.
 */
export function analyseClauses(text: string, speller?: Speller): TermGroup[][] {
  return text
    .split(CLAUSE_BREAK)
    .map((clause) => analyse(clause, speller))
    .filter((groups) => groups.length > 0);
}

/** All terms of a text, for indexing. */
export function indexTerms(text: string): string[] {
  return analyse(text).flat();
}

const DOMAIN_TERMS = new Set(DOMAIN_WORDS.flatMap((w) => (WORDS.get(w) ?? [w]).map(stem)));

/** True for a (stemmed) term that only this knowledge base's domain uses. */
export function isDomainTerm(term: string): boolean {
  return DOMAIN_TERMS.has(term);
}

/**
 * Words the phrase rules look for ("abroad", "holiday", "wfh"): known to the speller, so never corrected
 * into something else, though never offered as corrections (some are fragments of a pattern).
 */
export function phraseWords(): string[] {
  return [
    ...new Set(
      PHRASES.flatMap(([pattern]) => pattern.source.replace(/\\[a-z]/gi, ' ').match(/[a-z]{3,}/g) ?? []),
    ),
  ];
}

/** Words outside the knowledge base's text that a misspelling may still mean: synonyms and stopwords. */
export function vocabularyWords(): string[] {
  return [...WORDS.keys(), ...STOPWORDS].filter((w) => /^[a-z]+$/.test(w));
}
