import type { PlaceholderValues } from './faq-entry';

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*(?:\|([^}]*))?\}\}/g;
const SENTENCE_END = /(?<=[.!?])\s+/;

/**
 * Fills {{name}} and {{name|fallback}} placeholders from configured values. A placeholder with no value
 * uses its fallback; with neither, the whole sentence holding it is left out, so the answer still reads well.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  const sentences = text.trim().split(SENTENCE_END);
  const kept: string[] = [];
  for (const sentence of sentences) {
    let unresolved = false;
    const filled = sentence.replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => {
      const value = values[name as keyof PlaceholderValues];
      if (value !== undefined && value.length > 0) return value;
      if (fallback !== undefined) return fallback;
      unresolved = true;
      return '';
    });
    if (!unresolved) kept.push(filled);
  }
  return kept
    .join(' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
