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
      ...(f.comment ? { comment: f.comment } : {}),
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

/** Long digit runs (phone numbers, codes) never reach storage. */
export function redact(question: string): string {
  return question
    .replace(/\d[\d\s-]{5,}\d/g, '[number]')
    .trim()
    .slice(0, 200);
}

/** Lower case, letters and digits only, single spaces: "What's for lunch?" and "whats for lunch" group together. */
export function normaliseQuestion(question: string): string {
  return redact(question)
    .toLowerCase()
    .replace(/[^a-z0-9[\] ]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
