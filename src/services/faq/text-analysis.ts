import { porterStem } from './porter-stemmer';
import { DOMAIN_WORDS, PHRASES, WORDS } from './synonyms';

/** Words that carry no meaning for matching. Question words that do (why, when, who) are kept. */
const STOPWORDS = new Set(
  (
    'a about above after again all also am an and any are as at be been being but by can could did do does ' +
    'doing done for from further get gets getting got had has have having he her here hers him his i if ' +
    'in into is it its itself just me more most my myself no nor not of on once only or other our ours ' +
    'out over same she should so some such than that the their them then there these they this those ' +
    'through to too under until up very was we were what whats which while will with would you your yours ' +
    'yourself im ive id dont doesnt didnt cant wont isnt please thanks thank hi hey hello ok okay one thing ' +
    'something anyone someone actually really like need needs want wants know tell explain mean means meaning ' +
    'say says said us let lets go going make making made use using used instead happen happens happened staff employee employees everyone everybody many much'
  ).split(' '),
);

/** One concept in the text: the terms it stands for (a word and its synonyms), stemmed. */
export type TermGroup = readonly string[];

function normalise(text: string): string {
  let t = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  t = t.replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [pattern, replacement] of PHRASES) t = t.replace(pattern, replacement);
  return t.replace(/'(s|re|ve|ll|d|m|t)\b/g, '$1');
}

/** Splits text into concepts: stopwords dropped, synonyms expanded, every term Porter-stemmed. */
export function analyse(text: string): TermGroup[] {
  const groups: TermGroup[] = [];
  for (const word of normalise(text).split(/[^a-z0-9]+/)) {
    if (word.length === 0 || STOPWORDS.has(word)) continue;
    const terms = WORDS.get(word) ?? WORDS.get(nearestSynonym(word) ?? '') ?? [word];
    groups.push([...new Set(terms.map((t) => porterStem(t)))]);
  }
  return groups;
}

/** All terms of a text, for indexing. */
export function indexTerms(text: string): string[] {
  return analyse(text).flat();
}

const DOMAIN_TERMS = new Set(DOMAIN_WORDS.flatMap((w) => (WORDS.get(w) ?? [w]).map((t) => porterStem(t))));

/** True for a (stemmed) term that only this knowledge base's domain uses. */
export function isDomainTerm(term: string): boolean {
  return DOMAIN_TERMS.has(term);
}

const SYNONYM_KEYS = [...WORDS.keys()];

/** A synonym-table word the given word is a likely typo of ("stollen" -> "stolen"), if any. */
function nearestSynonym(word: string): string | undefined {
  if (word.length < 5) return undefined;
  const max = word.length >= 9 ? 2 : 1;
  return SYNONYM_KEYS.find(
    (k) => Math.abs(k.length - word.length) <= max && editDistance(k, word, max) <= max,
  );
}

/** Levenshtein distance, giving up early once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return best;
    prev = cur;
  }
  return prev[b.length];
}
