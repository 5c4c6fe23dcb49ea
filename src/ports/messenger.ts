import type { Activity, Attachment, ConversationReference } from 'botbuilder';

/**
 * Proactive messages to people and conversations (reminders, "your exception was granted", ticket
 * updates). Implemented in adapters/teams over stored conversation references, with Teams rate limits
 * and retries. 'no-reference': the person never chatted with the bot (not reachable in Teams);
 * 'unreachable': Teams said they blocked or removed the bot (403) or the chat is gone (404).
 */
export type SendOutcome = 'sent' | 'unreachable' | 'no-reference' | 'failed';

export type OutgoingMessage = string | Attachment | Partial<Activity>;

export interface Messenger {
  sendToUser(aadObjectId: string, message: OutgoingMessage): Promise<SendOutcome>;
  sendToConversation(
    reference: Partial<ConversationReference>,
    message: OutgoingMessage,
  ): Promise<SendOutcome>;
}
