/**
 * Checks that make a card fit for Teams and for everyone who uses it. Used by the card tests and any
 * feature test that wants to assert on a card it produced. Dev-time only: it loads ajv.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { AC } from './adaptivecards-lib';
import { adaptiveCard15Schema, schemaTeamsExtensionTypes } from './adaptive-card-1.5-schema';

type Json = Record<string, unknown>;

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(adaptiveCard15Schema);
  return validator;
}

/** JSON-schema problems against Adaptive Cards 1.5 (empty when valid). */
export function schemaProblems(card: Json): string[] {
  const validate = schemaValidator();
  if (validate(card)) return [];
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

/**
 * The parser's note that a Teams-only element falls back: expected (the schema requires that fallback), so
 * it is not a problem. Any other unknown type still is.
 */
const teamsFallbackNotes = new Set(
  schemaTeamsExtensionTypes.map((t) => `Unknown element type "${t}". Fallback will be used if present.`),
);

/** Problems the adaptivecards package reports when it parses the card as a 1.5 host would. */
export function parserProblems(card: Json): string[] {
  const problems: string[] = [];
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    if (!teamsFallbackNotes.has(event.message)) problems.push(`parse: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`validate: ${event.message}`);
  }
  return problems;
}

const STATUS_STYLES = new Set(['good', 'attention', 'warning', 'accent']);
const hasWords = (text: unknown): boolean => typeof text === 'string' && /\p{L}/u.test(text);

function walk(node: unknown, visit: (o: Json, path: string) => void, path = ''): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}/${i}`));
  else if (typeof node === 'object' && node !== null) {
    visit(node as Json, path || '/');
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`);
  }
}

function containsWords(node: unknown): boolean {
  let found = false;
  walk(node, (o) => {
    if ((o.type === 'TextBlock' || o.type === 'TextRun') && hasWords(o.text)) found = true;
    if (o.type === 'FactSet' && Array.isArray(o.facts) && o.facts.length > 0) found = true;
  });
  return found;
}

/** Accessibility rules: speak text, alt text, labelled buttons, no meaning in colour alone. */
export function accessibilityProblems(card: Json): string[] {
  const problems: string[] = [];
  if (!hasWords(card.speak)) problems.push('the card has no speak text');
  walk(card, (o, path) => {
    const type = typeof o.type === 'string' ? o.type : '';
    const lowered = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');
    if (type === 'Image' && !hasWords(o.altText)) problems.push(`${path}: Image without altText`);
    if (type.startsWith('Action.') && !hasWords(o.title) && !hasWords(o.tooltip)) {
      problems.push(`${path}: ${type} without a title`);
    }
    if ((type === 'TextBlock' || type === 'TextRun') && lowered(o.color) && lowered(o.color) !== 'default') {
      if (!hasWords(o.text))
        problems.push(`${path}: coloured text with no words (colour alone carries meaning)`);
    }
    if (STATUS_STYLES.has(lowered(o.style)) && !type.startsWith('Action.') && !containsWords(o)) {
      problems.push(`${path}: ${lowered(o.style)} style with no words inside (colour alone carries meaning)`);
    }
  });
  return problems;
}

/** Template placeholders left behind: data the sample (or the caller) did not provide. */
export function placeholderProblems(card: Json): string[] {
  const problems: string[] = [];
  walk(card, (o, path) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && v.includes('${')) problems.push(`${path}/${k}: unfilled placeholder ${v}`);
      if (k === '$data' || k === '$when') problems.push(`${path}: template keyword ${k} left in the card`);
    }
  });
  return problems;
}

/** Teams refuses a message over about 28 KB; leave room for the activity around the card. */
export const MAX_CARD_BYTES = 25_000;

export function sizeProblems(card: Json): string[] {
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  return bytes > MAX_CARD_BYTES
    ? [`the card is ${bytes} bytes; Teams messages must stay under about 28 KB`]
    : [];
}

/** Every check at once; an empty list means the card is fit to send. */
export function cardProblems(card: Json): string[] {
  return [
    ...schemaProblems(card),
    ...parserProblems(card),
    ...accessibilityProblems(card),
    ...placeholderProblems(card),
    ...sizeProblems(card),
  ];
}
