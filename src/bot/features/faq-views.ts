import type { Attachment } from 'botbuilder';
import { renderCard } from '../../cards/render';
import type { RenderedFaqEntry } from '../../services/faq/faq-entry';
import type { FaqStats } from '../../services/faq/faq-feedback-service';
import { faq as text } from '../../strings';

/** Card data builders for the FAQ: one template per card in cards/, no card JSON in code. */
export function answerCard(
  entry: RenderedFaqEntry,
  question: string,
  moreUrl: string | undefined,
): Attachment {
  return renderCard('faq-answer', {
    title: entry.title,
    answer: entry.answer,
    moreUrl: moreUrl ?? '',
    moreLabel: text.moreLink,
    helpfulQuestion: text.helpfulQuestion,
    commentLabel: text.commentPlaceholder,
    yesLabel: text.yes,
    noLabel: text.no,
    entryId: entry.id,
    question: clip(question),
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
