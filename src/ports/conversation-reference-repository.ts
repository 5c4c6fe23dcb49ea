import type { ConversationReference } from 'botbuilder';

export interface StoredConversationReference {
  aadObjectId: string;
  tenantId?: string;
  reference: Partial<ConversationReference>;
  updatedAt: Date;
  /** Set when Teams said the person blocked or removed the bot (403) or the chat is gone (404). */
  unreachableSince?: Date;
}

export interface ConversationReferenceRepository {
  /** Saves (or replaces) the personal-chat reference used for proactive messages. */
  save(
    aadObjectId: string,
    tenantId: string | undefined,
    reference: Partial<ConversationReference>,
    now: Date,
  ): Promise<void>;
  get(aadObjectId: string): Promise<StoredConversationReference | null>;
  markUnreachable(aadObjectId: string, now: Date): Promise<void>;
}
