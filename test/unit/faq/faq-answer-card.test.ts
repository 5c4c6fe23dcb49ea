import { renderCardJson } from '../../../src/cards/render';
import { answerCard } from '../../../src/bot/features/faq-views';
import type { RenderedFaqEntry } from '../../../src/services/faq/faq-entry';
import { faq as text } from '../../../src/strings';

const entry: RenderedFaqEntry = {
  id: 'lost-phone',
  title: 'I lost my phone',
  answer: 'Call the helpdesk: they will remove the old phone.',
  audience: 'staff',
  tags: [],
};

/** The card as the template gives it for this question, expanded from scratch. */
function expandedDirectly(e: RenderedFaqEntry, question: string, moreUrl: string): Record<string, unknown> {
  return renderCardJson('faq-answer', {
    title: e.title,
    answer: e.answer,
    moreUrl,
    moreLabel: text.moreLink,
    helpfulQuestion: text.helpfulQuestion,
    commentLabel: text.commentPlaceholder,
    yesLabel: text.yes,
    noLabel: text.no,
    entryId: e.id,
    question,
  });
}

describe('FAQ answer card', () => {
  it('when two people ask for the same answer in their own words, then each card quotes its own question', () => {
    const first = answerCard(
      entry,
      'phone lost?? ${title} "quoted" back\\slash \u0000faq-question\u0000',
      'https://example.org/mfa',
    );
    const second = answerCard(entry, 'I dropped my phone in the sea', 'https://example.org/mfa');
    expect(first.content).toEqual(
      expandedDirectly(
        entry,
        'phone lost?? ${title} "quoted" back\\slash \u0000faq-question\u0000',
        'https://example.org/mfa',
      ),
    );
    expect(second.content).toEqual(
      expandedDirectly(entry, 'I dropped my phone in the sea', 'https://example.org/mfa'),
    );
  });

  it('when the entry is worded differently (another role) or has no link, then the card follows it', () => {
    const forAdmins = { ...entry, answer: 'Remove the old phone in the admin centre.' };
    expect(answerCard(forAdmins, 'lost phone', undefined).content).toEqual(
      expandedDirectly(forAdmins, 'lost phone', ''),
    );
    expect(answerCard(entry, 'lost phone', undefined).content).toEqual(
      expandedDirectly(entry, 'lost phone', ''),
    );
  });

  it('when a card was sent, then changing it does not change the next one', () => {
    const sent = answerCard(entry, 'lost phone', undefined).content as { body: Array<{ text?: string }> };
    sent.body[0].text = 'changed';
    expect(answerCard(entry, 'lost phone', undefined).content).toEqual(
      expandedDirectly(entry, 'lost phone', ''),
    );
  });
});
