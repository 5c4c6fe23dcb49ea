export interface EditDistanceOptions {
  /** Stop once the distance is certain to exceed this; the result is then some number above it. */
  max?: number;
  /** Count swapping two neighbouring letters ("recieve") as one edit, not two (optimal string alignment). */
  transpositions?: boolean;
}

/**
 * Three rows of the distance table, reused from call to call (JavaScript runs one call at a time): reading a
 * misspelt word compares it with thousands of known words, and fresh rows for each were most of that time.
 */
let rows = [new Uint32Array(64), new Uint32Array(64), new Uint32Array(64)];

function rowsFor(length: number): Uint32Array[] {
  if (rows[0].length < length) rows = rows.map(() => new Uint32Array(length * 2));
  return rows;
}

/**
 * Levenshtein distance (insert, delete, substitute each cost 1), for "did you mean" suggestions and
 * for reading misspelt words.
 */
export function editDistance(a: string, b: string, options: EditDistanceOptions = {}): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const max = options.max ?? Infinity;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const transpositions = options.transpositions === true;
  let [beforePrevious, previous, current] = rowsFor(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca === cb ? 0 : 1));
      if (transpositions && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        d = Math.min(d, beforePrevious[j - 2] + 1);
      current[j] = d;
      if (d < rowBest) rowBest = d;
    }
    if (rowBest > max) return max + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

/** The closest candidate within `maxDistance` (ties: the first listed), or undefined. */
export function closest(
  word: string,
  candidates: readonly string[],
  maxDistance = 2,
  options: Pick<EditDistanceOptions, 'transpositions'> = {},
): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  const w = word.toLowerCase();
  const within: EditDistanceOptions = { transpositions: options.transpositions, max: 0 };
  for (const c of candidates) {
    // A length difference alone is that many edits at least: no need to compare.
    if (Math.abs(c.length - w.length) >= bestDistance) continue;
    within.max = bestDistance - 1;
    const d = editDistance(w, c.toLowerCase(), within);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
