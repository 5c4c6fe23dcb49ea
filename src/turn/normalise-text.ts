/** Longest message text the bot looks at; anything longer is cut (nobody types a 2,000-character command). */
export const MAX_TEXT_LENGTH = 2000;

const MENTION = /<at\b[^>]*>[\s\S]*?<\/at>/gi;
const TAG = /<\/?[a-z][^>]*>/gi;
const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The message text as the router sees it: @mentions (<at>..</at>) and stray HTML tags removed, common
 * entities decoded, whitespace folded to single spaces, trimmed, and capped at MAX_TEXT_LENGTH characters.
 * Case is kept (arguments such as names and UPNs keep their spelling); matching lower-cases separately.
 */
export function normaliseText(raw: unknown): string {
  // Activities are untrusted JSON: a number or object where the text should be counts as no text.
  if (typeof raw !== 'string' || !raw) return '';
  const text = raw
    .slice(0, MAX_TEXT_LENGTH * 4)
    .replace(MENTION, ' ')
    .replace(TAG, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH).trimEnd() : text;
}

/** The form used for matching command phrases: lower-case, with trailing punctuation ("help?") dropped. */
export function matchForm(text: string): string {
  return text.toLowerCase().replace(/[\s.!?]+$/u, '');
}
