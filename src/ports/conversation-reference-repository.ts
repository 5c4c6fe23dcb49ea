import type { ConversationReference } from 'botbuilder';

export interface StoredConversationReference {
  aadObjectId: string;
  tenantId?: string;
  reference: Partial<ConversationReference>;
  updatedAt: Date;
  /** Built by the bot from a proactive install (chat id + tenant + service URL), not captured from Teams. */
  builtByBot?: true;
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
  /**
   * Saves a reference only when the person has none yet (a proactive install: the conversationUpdate Teams
   * sends the bot may have been stored first); false when one was there.
   */
  saveIfAbsent(
    aadObjectId: string,
    tenantId: string | undefined,
    reference: Partial<ConversationReference>,
    now: Date,
  ): Promise<boolean>;
  get(aadObjectId: string): Promise<StoredConversationReference | null>;
  /** The serviceUrl of any stored conversation of the tenant (Teams' regional endpoint for it). */
  serviceUrlOf(tenantId: string): Promise<string | undefined>;
  markUnreachable(aadObjectId: string, now: Date): Promise<void>;
}
