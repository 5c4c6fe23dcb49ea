import type { Clock } from '../../ports/clock';
import type { FaqFeedbackRepository } from '../../ports/faq-feedback-repository';
import type { FaqService } from './faq-service';

export interface FaqStats {
  unanswered: { question: string; count: number }[];
  leastHelpful: { entryId: string; title: string; helpful: number; notHelpful: number }[];
}

/** Feedback per entry and the questions nobody could answer, for `faq stats`. */
export class FaqFeedbackService {
  constructor(private readonly deps: { feedback: FaqFeedbackRepository; faq: FaqService; clock: Clock }) {}

  async feedback(entryId: string, helpful: boolean, by: string, comment?: string): Promise<void> {
    const trimmed = comment?.trim().slice(0, 500);
    await this.deps.feedback.record({
      entryId,
      helpful,
      by,
      at: this.deps.clock.now(),
      ...(trimmed ? { comment: trimmed } : {}),
    });
  }

  unanswered(question: string): Promise<void> {
    return this.deps.feedback.recordUnanswered(question, this.deps.clock.now());
  }

  async stats(limit = 5): Promise<FaqStats> {
    const [unanswered, least] = await Promise.all([
      this.deps.feedback.topUnanswered(limit),
      this.deps.feedback.leastHelpful(limit),
    ]);
    return {
      unanswered: unanswered.map((u) => ({ question: u.question, count: u.count })),
      leastHelpful: least.map((s) => ({
        ...s,
        title: this.deps.faq.entry(s.entryId, 'admin')?.title ?? s.entryId,
      })),
    };
  }
}
