import { BoundedMemo } from '../../domain/bounded-memo';
import { closest } from '../../domain/edit-distance';

/** Shorter words are only corrected by swapping two neighbouring letters ("whta" -> "what"). */
const MIN_LENGTH = 5;
/** Shorter still, left alone: too many real words sit one letter apart ("sms", "pin", "app"). */
const MIN_SWAP_LENGTH = 4;
/** From this length a word may be two edits away from what was meant ("authentcaotr"). */
const TWO_EDITS_FROM = 8;
/** Corrections are remembered, up to this many words, since people misspell the same words. */
const CACHE_LIMIT = 5_000;

/**
 * Reads a misspelt word as the nearest word the knowledge base knows ("authentcator" -> "authenticator",
 * "stollen" -> "stolen", "exeption" -> "exception"). Only words it does not know are corrected, to the
 * nearest known word within one edit (two for long words, a swap of neighbouring letters counting as one;
 * four-letter words only by such a swap); ties go to the word the knowledge base uses most.
 */
export class Speller {
  private readonly known: ReadonlySet<string>;
  private readonly targets: readonly string[];
  private readonly cache = new BoundedMemo<string, string | null>(CACHE_LIMIT);

  /**
   * @param targets words a misspelling may be corrected to, most used first
   * @param alsoKnown words never corrected but never offered as a correction either (phrase fragments)
   */
  constructor(targets: readonly string[], alsoKnown: Iterable<string> = []) {
    this.targets = targets;
    this.known = new Set([...targets, ...alsoKnown]);
  }

  /** Builds the speller from texts: every word in them is known, the most frequent offered first. */
  static fromTexts(
    texts: Iterable<string>,
    extraTargets: readonly string[],
    alsoKnown: Iterable<string>,
  ): Speller {
    const counts = new Map<string, number>();
    for (const text of texts) for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const word of extraTargets) if (!counts.has(word)) counts.set(word, 0);
    const byUse = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    return new Speller(byUse, alsoKnown);
  }

  knows(word: string): boolean {
    return this.known.has(word);
  }

  /** The known word meant by an unknown one, or undefined (known, too short, or nothing close). */
  correct(word: string): string | undefined {
    if (word.length < MIN_SWAP_LENGTH || this.known.has(word) || /[^a-z]/.test(word)) return undefined;
    // null: nothing close (remembered too).
    return this.cache.get(word, (w) => this.nearest(w) ?? null) ?? undefined;
  }

  private nearest(word: string): string | undefined {
    return word.length < MIN_LENGTH
      ? this.targets.find((t) => isOneSwapApart(word, t))
      : closest(word, this.targets, word.length >= TWO_EDITS_FROM ? 2 : 1, { transpositions: true });
  }
}

/** True when swapping one pair of neighbouring letters of `a` gives `b` ("whta", "what"). */
function isOneSwapApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return (
    diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]
  );
}

/** Lower-case words of a text, accents removed, as the speller compares them. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z]+/g) ?? []
  );
}
