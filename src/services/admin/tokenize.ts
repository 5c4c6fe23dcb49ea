/**
 * Splits chat text into words like a shell would: whitespace separates, "double", 'single' and the
 * curly quotes Teams and Outlook substitute (“ ” ‘ ’) group words. An unclosed double quote runs to the end;
 * an unclosed single quote is an apostrophe.
 * Never throws. `quoted` tells a keyword (reason) from the same word inside quotes.
 */
export interface Token {
  text: string;
  quoted: boolean;
}

const OPENERS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d',
  '\u2018': '\u2019',
  '\u201e': '\u201d',
};

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let quoted = false;
  let inToken = false;
  let closer: string | undefined;
  const flush = (): void => {
    if (inToken) tokens.push({ text: current, quoted });
    current = '';
    quoted = false;
    inToken = false;
  };
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (closer !== undefined) {
      if (ch === closer || (closer === '\u201d' && ch === '"')) closer = undefined;
      else current += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      flush();
      continue;
    }
    const close = Object.hasOwn(OPENERS, ch) ? OPENERS[ch] : undefined;
    // A single quote opens only when it is closed later: a UPN may start with an apostrophe.
    const opens = close !== undefined && (ch === '"' || ch === '\u201c' || chars.indexOf(close, i + 1) > 0);
    if (close !== undefined && opens && (!inToken || (current.startsWith('-') && current.endsWith('=')))) {
      closer = close;
      quoted = true;
      inToken = true;
      continue;
    }
    current += ch;
    inToken = true;
  }
  flush();
  return tokens;
}
