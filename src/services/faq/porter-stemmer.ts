/**
 * The Porter (1980) stemming algorithm for English, as published by Martin Porter
 * (https://tartarus.org/martin/PorterStemmer/). Written here because the maintained `stemmer`
 * package is ESM-only and we compile to CommonJS. Input: one lower-case word.
 */
const STEP2: ReadonlyArray<[string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];
const STEP3: ReadonlyArray<[string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
const STEP4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

const C = '[^aeiou]';
const V = '[aeiouy]';
const CS = `${C}[^aeiouy]*`;
const VS = `${V}[aeiou]*`;
const MGR0 = new RegExp(`^(${CS})?${VS}${CS}`);
const MEQ1 = new RegExp(`^(${CS})?${VS}${CS}(${VS})?$`);
const MGR1 = new RegExp(`^(${CS})?${VS}${CS}${VS}${CS}`);
const HAS_VOWEL = new RegExp(`^(${CS})?${V}`);
const CVC = new RegExp(`^${CS}${V}[^aeiouwxy]$`);

/** m > 0, m == 1, m > 1 on a stem. */
const m0 = (s: string): boolean => MGR0.test(s);
const m1 = (s: string): boolean => MEQ1.test(s);
const mGt1 = (s: string): boolean => MGR1.test(s);

function replaceSuffix(w: string, rules: ReadonlyArray<[string, string]>): string {
  for (const [suffix, repl] of rules) {
    if (w.endsWith(suffix)) {
      const stem = w.slice(0, -suffix.length);
      return m0(stem) ? stem + repl : w;
    }
  }
  return w;
}

function step1(word: string): string {
  let w = word;
  if (w.endsWith('sses') || w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);

  if (w.endsWith('eed')) {
    if (m0(w.slice(0, -3))) w = w.slice(0, -1);
  } else {
    const m = /^(.+?)(ed|ing)$/.exec(w);
    if (m && HAS_VOWEL.test(m[1])) {
      w = m[1]!;
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
      else if (CVC.test(w)) w += 'e';
    }
  }
  if (w.endsWith('y') && HAS_VOWEL.test(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  return w;
}

function step4(w: string): string {
  for (const suffix of STEP4) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    if (suffix === 'ion' && !/[st]$/.test(stem)) return w;
    return mGt1(stem) ? stem : w;
  }
  return w;
}

function step5(word: string): string {
  let w = word;
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    if (mGt1(stem) || (m1(stem) && !CVC.test(stem))) w = stem;
  }
  if (w.endsWith('ll') && mGt1(w)) w = w.slice(0, -1);
  return w;
}

export function porterStem(word: string): string {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  const initialY = w.startsWith('y');
  if (initialY) w = `Y${w.slice(1)}`;
  w = step1(w);
  w = replaceSuffix(w, STEP2);
  w = replaceSuffix(w, STEP3);
  w = step4(w);
  w = step5(w);
  return initialY ? `y${w.slice(1)}` : w;
}
