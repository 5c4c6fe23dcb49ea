import type { DocumentStore } from '../../ports/document-store';
import type {
  FaqEntryStats,
  FaqFeedback,
  FaqFeedbackRepository,
  UnansweredQuestion,
} from '../../ports/faq-feedback-repository';
import { LazyCollection } from './lazy-collection';
import { isLookupText } from './safe-value';

/**
 * Feedback documents (`faqFeedback`), per-entry counters (`faqEntryStats`, one document per entry,
 * updated with $inc so concurrent votes never lose a count) and unanswered questions (`faqUnanswered`,
 * one counter per normalised wording).
 */
export class DocumentFaqFeedbackRepository implements FaqFeedbackRepository {
  private readonly feedback: LazyCollection<FaqFeedback>;
  private readonly stats: LazyCollection<FaqEntryStats>;
  private readonly unanswered: LazyCollection<UnansweredQuestion>;

  constructor(store: DocumentStore) {
    this.feedback = new LazyCollection<FaqFeedback>(store, 'faqFeedback', [
      { fields: { entryId: 1, at: -1 } },
    ]);
    this.stats = new LazyCollection<FaqEntryStats>(store, 'faqEntryStats', [
      { fields: { entryId: 1 }, unique: true },
      { fields: { notHelpful: -1 } },
    ]);
    this.unanswered = new LazyCollection<UnansweredQuestion>(store, 'faqUnanswered', [
      { fields: { key: 1 }, unique: true },
      { fields: { count: -1, lastAskedAt: -1 } },
    ]);
  }

  async record(f: FaqFeedback): Promise<void> {
    const doc: FaqFeedback = {
      entryId: f.entryId,
      helpful: f.helpful,
      by: f.by,
      at: f.at,
      ...(f.comment ? { comment: maskNumbers(f.comment) } : {}),
    };
    await (await this.feedback.get()).insertOne(doc);
    await (
      await this.stats.get()
    ).findOneAndUpdate(
      { entryId: f.entryId },
      { $inc: f.helpful ? { helpful: 1, notHelpful: 0 } : { helpful: 0, notHelpful: 1 } },
      { upsert: true },
    );
  }

  async recordUnanswered(question: string, at: Date): Promise<void> {
    const key = normaliseQuestion(question);
    if (key.length === 0) return;
    const existing = await (
      await this.unanswered.get()
    ).findOneAndUpdate({ key }, { $inc: { count: 1 }, $set: { lastAskedAt: at } });
    if (existing) return;
    await (
      await this.unanswered.get()
    ).findOneAndUpdate(
      { key },
      { $inc: { count: 1 }, $set: { lastAskedAt: at, question: redact(question) } },
      { upsert: true },
    );
  }

  async leastHelpful(limit: number): Promise<FaqEntryStats[]> {
    const docs = await (
      await this.stats.get()
    ).find({ notHelpful: { $gt: 0 } }, { sort: { notHelpful: -1 }, limit });
    return docs.map((d) => ({ entryId: d.entryId, helpful: d.helpful, notHelpful: d.notHelpful }));
  }

  async topUnanswered(limit: number): Promise<UnansweredQuestion[]> {
    return (await this.unanswered.get()).find({}, { sort: { count: -1, lastAskedAt: -1 }, limit });
  }

  async recentComments(entryId: string, limit: number): Promise<FaqFeedback[]> {
    if (!isLookupText(entryId)) return [];
    return (await this.feedback.get()).find(
      { entryId, comment: { $exists: true } },
      { sort: { at: -1 }, limit },
    );
  }
}

/**
 * Six or more digits in a row, whatever separates them (up to three characters that are neither letters nor
 * digits: spaces, dots, dashes, brackets, emoji...): one-time codes ("482 913", "482.913") and phone numbers
 * ("07700.900.123", "+44 (0)7700-900 123"). Any script's decimal digits count.
 */
const DIGIT_RUN = /\p{Nd}(?:[^\p{L}\p{Nd}]{0,3}\p{Nd}){5,}/gu;

/** Each run of 6+ digits becomes "[number]". */
export function maskNumbers(text: string): string {
  return text.replace(DIGIT_RUN, '[number]');
}

/** Codes and phone numbers never reach storage: numbers masked, at most 200 characters. */
export function redact(question: string): string {
  return maskNumbers(question).trim().slice(0, 200);
}

/** Lower case, letters and digits only, single spaces: "What's for lunch?" and "whats for lunch" group together. */
export function normaliseQuestion(question: string): string {
  // Masked again after the clean-up, which could bring digits together.
  return maskNumbers(
    redact(question)
      .toLowerCase()
      .replace(/[^a-z0-9[\] ]+/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
