import type { Activity, Attachment, ConversationReference } from 'botbuilder';

/**
 * Proactive messages to people and conversations (reminders, "your exception was granted", ticket
 * updates). Implemented in adapters/teams over stored conversation references, with Teams rate limits
 * and retries. 'no-reference': the person never chatted with the bot (not reachable in Teams);
 * 'unreachable': Teams said they blocked or removed the bot (403) or the chat is gone (404).
 */
export type SendOutcome = 'sent' | 'unreachable' | 'no-reference' | 'failed';

export type OutgoingMessage = string | Attachment | Partial<Activity>;

/**
 * Told about each HTTP attempt, for callers that must know whether Teams may have the message (the
 * campaign outbox). `onWire` runs after the rate limiter lets the attempt go and just before the request;
 * if it throws, the attempt is not made and the send rejects with that error. `onRefused` runs when Teams
 * refused the attempt without taking the message (429), before the retry.
 */
export interface SendHooks {
  onWire(): Promise<void>;
  onRefused(): Promise<void>;
}

export interface Messenger {
  sendToUser(aadObjectId: string, message: OutgoingMessage, hooks?: SendHooks): Promise<SendOutcome>;
  sendToConversation(
    reference: Partial<ConversationReference>,
    message: OutgoingMessage,
  ): Promise<SendOutcome>;
}
