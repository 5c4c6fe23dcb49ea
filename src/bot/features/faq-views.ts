import type { Attachment } from 'botbuilder';
import { copyJson } from '../../cards/json-copy';
import { cardAttachment, renderCard, renderCardJson } from '../../cards/render';
import type { RenderedFaqEntry } from '../../services/faq/faq-entry';
import type { FaqStats } from '../../services/faq/faq-feedback-service';
import { faq as text } from '../../strings';

/** Card data builders for the FAQ: one template per card in cards/, no card JSON in code. */

/** Stands in for the person's question in a kept answer card; replaced when the card is sent. */
const QUESTION_SLOT = '\u0000faq-question\u0000';
/**
 * Answer cards already expanded, by entry (the FAQ service hands out one object per entry and audience until it
 * reloads, so a reload lets the old ones go) and "more" link, with the slot where the question goes.
 */
const expandedAnswers = new WeakMap<RenderedFaqEntry, Map<string, Record<string, unknown>>>();

/**
 * The answer card. Expanding the template costs more than the rest of a FAQ turn's own work (the templating
 * engine parses its expressions on every expand), and only the question quoted in the feedback buttons differs
 * from one asking to the next: the card is expanded once per entry wording with a slot for the question, and
 * each answer is a copy of it with the slot filled.
 */
export function answerCard(
  entry: RenderedFaqEntry,
  question: string,
  moreUrl: string | undefined,
): Attachment {
  let byLink = expandedAnswers.get(entry);
  if (!byLink) expandedAnswers.set(entry, (byLink = new Map<string, Record<string, unknown>>()));
  const link = moreUrl ?? '';
  let card = byLink.get(link);
  if (!card) byLink.set(link, (card = expandAnswer(entry, link)));
  return cardAttachment(
    copyJson(card, { slot: QUESTION_SLOT, value: clip(question) }) as Record<string, unknown>,
  );
}

function expandAnswer(entry: RenderedFaqEntry, moreUrl: string): Record<string, unknown> {
  return renderCardJson('faq-answer', {
    title: entry.title,
    answer: entry.answer,
    moreUrl,
    moreLabel: text.moreLink,
    helpfulQuestion: text.helpfulQuestion,
    commentLabel: text.commentPlaceholder,
    yesLabel: text.yes,
    noLabel: text.no,
    entryId: entry.id,
    question: QUESTION_SLOT,
  });
}

export function suggestionsCard(entries: readonly RenderedFaqEntry[], question: string): Attachment {
  return renderCard('faq-suggestions', {
    intro: text.didYouMean,
    question: clip(question),
    suggestions: entries.map((e) => ({ entryId: e.id, title: e.title })),
    noneLabel: text.noneOfThese,
  });
}

/** "I don't know" and "not helpful" both end here: an honest sentence and the Ask the helpdesk button. */
export function helpdeskOfferCard(
  message: string,
  helpdeskEmail: string,
  question: string,
  entryId?: string,
): Attachment {
  return renderCard('faq-helpdesk-offer', {
    text: message,
    hint: text.dontKnowHint(helpdeskEmail),
    buttonLabel: text.askHelpdesk,
    question: clip(question),
    entryId: entryId ?? '',
  });
}

export function statsCard(stats: FaqStats, entries: number): Attachment {
  return renderCard('faq-stats', {
    title: text.statsTitle,
    entriesLine: text.entriesLine(entries),
    unansweredTitle: text.unansweredTitle,
    unanswered: stats.unanswered.map((u) => ({ line: text.unansweredLine(u.count, u.question) })),
    leastHelpfulTitle: text.leastHelpfulTitle,
    leastHelpful: stats.leastHelpful.map((s) => ({
      line: text.helpfulnessLine(s.title, s.helpful, s.notHelpful),
    })),
    nothingYet: text.nothingYet,
  });
}

/** Questions ride along in card data so "Ask the helpdesk" can quote them; keep them short. */
function clip(question: string): string {
  return question.slice(0, 500);
}
