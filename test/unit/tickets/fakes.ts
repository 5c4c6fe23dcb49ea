import type { ConversationReference } from 'botbuilder';
import type { Clock } from '../../../src/ports/clock';
import type { Messenger, OutgoingMessage, SendOutcome } from '../../../src/ports/messenger';

/** Records what would have been sent; people listed in `unreachable` have no personal chat reference. */
export class RecordingMessenger implements Messenger {
  readonly toUsers: { aadObjectId: string; message: OutgoingMessage }[] = [];
  readonly toConversations: { reference: Partial<ConversationReference>; message: OutgoingMessage }[] = [];
  constructor(private readonly withoutReference: readonly string[] = []) {}

  async sendToUser(aadObjectId: string, message: OutgoingMessage): Promise<SendOutcome> {
    if (this.withoutReference.includes(aadObjectId)) return 'no-reference';
    this.toUsers.push({ aadObjectId, message });
    return 'sent';
  }

  async sendToConversation(
    reference: Partial<ConversationReference>,
    message: OutgoingMessage,
  ): Promise<SendOutcome> {
    this.toConversations.push({ reference, message });
    return 'sent';
  }
}

export class ManualClock implements Clock {
  constructor(private t = new Date('2026-11-02T09:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}
