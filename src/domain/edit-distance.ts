export interface EditDistanceOptions {
  /** Stop once the distance is certain to exceed this; the result is then some number above it. */
  max?: number;
  /** Count swapping two neighbouring letters ("recieve") as one edit, not two (optimal string alignment). */
  transpositions?: boolean;
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
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (options.transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, beforePrevious[j - 2] + 1);
      current[j] = d;
      rowBest = Math.min(rowBest, d);
    }
    if (rowBest > max) return max + 1;
    beforePrevious = previous;
    previous = current;
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
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), { ...options, max: bestDistance - 1 });
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
