import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { normaliseText } from '../src/turn/normalise-text';
import { turnText } from '../src/turn/speaker';
import type { PhoneChannel } from '../src/domain/enrolment';
import { answers, interruptions, type AnswerKey } from '../src/strings/enrolment';

export const SUBMIT_ACTION = 'enrolment.submit';
/** A step card's button (Action.Execute): the button's title as the answer, and the step the card showed. */
export const ANSWER_ACTION = 'enrolment.answer';

/** What the person sent this turn: typed text, and the untrusted fields of an Action.Submit. */
export interface StepInput {
  text: string;
  code?: string;
  phone?: string;
  channel?: PhoneChannel;
}

/** Card submit data: validated, size-capped; anything else in it is ignored (identity comes from the activity). */
export const submitSchema = z.object({
  action: z.literal(SUBMIT_ACTION),
  code: z.string().max(20).optional(),
  phone: z.string().max(40).optional(),
  channel: z.enum(['sms', 'voice']).optional(),
  /** The step the pressed card showed (cards sent before this field existed have none). */
  step: z.string().max(40).optional(),
});

/** A step card button pressed (Action.Execute verb enrolment.answer). */
export const answerSchema = z.object({
  answer: z.string().max(200),
  step: z.string().max(40),
});

/** The data of a Universal Action (adaptiveCard/action invoke), else undefined. */
function universalActionData(turn: TurnContext): unknown {
  if (turn.activity.type !== 'invoke' || turn.activity.name !== 'adaptiveCard/action') return undefined;
  const value: unknown = turn.activity.value;
  return (value as { action?: { data?: unknown } } | undefined)?.action?.data;
}

/** An imBack button posted by a client that sends the data instead of the text (some Web Chat hosts). */
const imBackSchema = z.object({
  msteams: z.object({ type: z.literal('imBack'), value: z.string().max(200) }),
});

/** What the person sent: the router's normalised text (src/turn/speaker.ts), or a pressed card's fields. */
export function readInput(turn: TurnContext): StepInput {
  const executed = universalActionData(turn);
  const value: unknown = executed ?? turn.activity.value;
  const answer = executed === undefined ? undefined : answerSchema.safeParse(executed);
  const typed = answer?.success ? normaliseText(answer.data.answer) : turnText(turn);
  const imBack = typed ? undefined : imBackSchema.safeParse(value);
  const text = imBack?.success ? normaliseText(imBack.data.msteams.value) : typed;
  const parsed = submitSchema.safeParse(value);
  if (!parsed.success) return { text };
  const { code, phone, channel } = parsed.data;
  return { text, code: code?.trim() || undefined, phone: phone?.trim() || undefined, channel };
}

/** Lower case, apostrophes and punctuation removed, spaces folded: "I've installed it!" -> "ive installed it". */
export function fold(text: string): string {
  const folded = text
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  // Punctuation alone ("?") stays as typed, so it can still mean something.
  return folded.length > 0 ? folded : text.trim();
}

/** Each button's title and accepted synonyms, folded once (folding them on every turn was most of a check). */
const ANSWER_WORDS = new Map(
  (Object.keys(answers) as AnswerKey[]).map((k) => [
    k,
    new Set([answers[k].title, ...answers[k].alsoAccept].map(fold)),
  ]),
);

/** The text folded last: one turn folds the same text for several checks. */
let lastFolded = { text: '', folded: fold('') };

function foldTyped(text: string): string {
  if (lastFolded.text !== text) lastFolded = { text, folded: fold(text) };
  return lastFolded.folded;
}

/** The button among `keys` whose title (or an accepted synonym) was typed, if any. */
export function matchAnswer<K extends AnswerKey>(text: string, keys: readonly K[]): K | undefined {
  const typed = foldTyped(text);
  if (typed.length === 0) return undefined;
  return keys.find((k) => ANSWER_WORDS.get(k)?.has(typed));
}

export type Interruption = keyof typeof interruptions;

/** Each folded interruption word and its kind (the first kind listing it, as the lists are read in order). */
const INTERRUPTION_BY_WORD = new Map<string, Interruption>();
for (const kind of Object.keys(interruptions) as Interruption[])
  for (const word of interruptions[kind])
    if (!INTERRUPTION_BY_WORD.has(fold(word))) INTERRUPTION_BY_WORD.set(fold(word), kind);

export function interruptionIn(text: string): Interruption | undefined {
  const typed = foldTyped(text);
  if (typed.length === 0) return undefined;
  return INTERRUPTION_BY_WORD.get(typed);
}
