import { parseArgs } from 'node:util';
import { ADMIN_VERBS, type AdminVerb, type ParseResult, type UsageError } from '../../domain/admin-command';
import { closest } from '../../domain/edit-distance';
import { tokenize, type Token } from './tokenize';
import { isError, SPECS, usage, type Options, type Parts } from './verb-grammar';

/**
 * Parses an admin command typed in chat. Words are split by a quote-aware tokenizer; options
 * (--org, --ou, --status, --policy) by Node's own util.parseArgs (strict: unknown options are errors).
 * `reason` starts free text: everything after it is the reason, quoted or not.
 * Never throws: any input yields a command or a usage error.
 */
const VERB_ALIASES: Record<string, AdminVerb> = {
  're-enrol': 'reenrol',
  reenroll: 'reenrol',
  're-enroll': 'reenrol',
  exempt: 'exception',
};

function splitReason(tokens: Token[]): { rest: Token[]; reason?: string } {
  const i = tokens.findIndex(
    (t) => !t.quoted && (t.text.toLowerCase() === 'reason' || t.text === '--reason'),
  );
  if (i < 0) return { rest: tokens };
  return {
    rest: tokens.slice(0, i),
    reason: tokens
      .slice(i + 1)
      .map((t) => t.text)
      .join(' ')
      .trim(),
  };
}

function parts(tokens: Token[], options: Options, verb: AdminVerb): Parts | { ok: false; error: UsageError } {
  const { rest, reason } = splitReason(tokens);
  try {
    const parsed = parseArgs({
      args: rest.map((t) => t.text),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { words: parsed.positionals.filter((w) => w.length > 0), values: parsed.values, reason };
  } catch (e) {
    // Not `instanceof Error`: Node's own errors come from another realm under test runners.
    const message = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : '';
    const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? '';
    const name = option.replace(/^-+/, '');
    const known = Object.keys(options);
    const suggestion = closest(name, known);
    if (known.includes(name)) return usage(`--${name} needs a value`, verb);
    return usage(
      known.length ? `I don't know the option ${option || 'you gave'}` : `${verb} takes no options`,
      verb,
      suggestion ? `--${suggestion}` : undefined,
    );
  }
}

export function resolveVerb(word: string): AdminVerb | undefined {
  const w = word.toLowerCase();
  if ((ADMIN_VERBS as readonly string[]).includes(w)) return w as AdminVerb;
  return Object.hasOwn(VERB_ALIASES, w) ? VERB_ALIASES[w] : undefined;
}

export function suggestVerb(word: string): AdminVerb | undefined {
  return closest(word, ADMIN_VERBS) as AdminVerb | undefined;
}

export function parseAdminCommand(text: string): ParseResult {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (!first) return usage('type an admin command');
  const verb = resolveVerb(first.text);
  if (!verb) return usage(`I don't know the command "${first.text}"`, undefined, suggestVerb(first.text));
  const spec = SPECS[verb];
  const p = parts(tokens.slice(1), spec.options, verb);
  if (isError(p)) return p;
  const built = spec.build(p);
  return 'ok' in built ? built : { ok: true, command: built };
}
