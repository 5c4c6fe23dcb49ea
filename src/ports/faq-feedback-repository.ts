/** "Was this helpful?" answers and the questions the FAQ could not answer, for `faq stats`. */
export interface FaqFeedback {
  entryId: string;
  helpful: boolean;
  comment?: string;
  /** aadObjectId of the person who answered. */
  by: string;
  at: Date;
}

export interface FaqEntryStats {
  entryId: string;
  helpful: number;
  notHelpful: number;
}

export interface UnansweredQuestion {
  /** Normalised text (the grouping key). */
  key: string;
  /** The first wording seen, for display. */
  question: string;
  count: number;
  lastAskedAt: Date;
}

export interface FaqFeedbackRepository {
  /** Stores the feedback and updates that entry's counters. */
  record(feedback: FaqFeedback): Promise<void>;
  recordUnanswered(question: string, at: Date): Promise<void>;
  /** Most "not helpful" first. */
  leastHelpful(limit: number): Promise<FaqEntryStats[]>;
  /** Most asked first. */
  topUnanswered(limit: number): Promise<UnansweredQuestion[]>;
  /** Newest first. */
  recentComments(entryId: string, limit: number): Promise<FaqFeedback[]>;
}
