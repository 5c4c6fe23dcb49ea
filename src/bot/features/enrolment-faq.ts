import type { AskFaq, FaqAnswerer } from '../../../dialogs/enrolment-context';
import type { Config } from '../../config';
import { answerCard, suggestionsCard } from './faq-views';

/**
 * A question typed in the middle of the enrolment gets the FAQ's own cards (the answer with its
 * "was this helpful?" buttons, or "did you mean"), then the dialog asks its step again.
 */
export function faqHandOff(faq: FaqAnswerer, config: Pick<Config, 'learnMoreUrl'>): AskFaq {
  return async (turn, question) => {
    const found = faq.answer(question, { audience: 'staff' });
    if (found.kind === 'none') return false;
    const card =
      found.kind === 'answer'
        ? answerCard(found.entry, question, config.learnMoreUrl)
        : suggestionsCard(found.entries, question);
    await turn.sendActivity({ attachments: [card] });
    return true;
  };
}
