import type { Activity, Attachment, ConversationReference } from 'botbuilder';
import type { Clock } from '../../ports/clock';
import type { ConversationReferenceRepository } from '../../ports/conversation-reference-repository';
import type { Messenger, OutgoingMessage, SendHooks, SendOutcome } from '../../ports/messenger';
import type { ProactiveSender } from './proactive-sender';

/**
 * The Messenger port over stored conversation references and the rate-limited sender.
 * A person with no stored reference is 'no-reference' (never chatted with the bot); one already marked
 * unreachable is not tried again until a new reference is saved; a 403/404 marks them unreachable.
 */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly references: ConversationReferenceRepository,
    private readonly sender: ProactiveSender,
    private readonly clock: Clock,
  ) {}

  async sendToUser(aadObjectId: string, message: OutgoingMessage, hooks?: SendHooks): Promise<SendOutcome> {
    const stored = await this.references.get(aadObjectId);
    if (!stored) return 'no-reference';
    if (stored.unreachableSince) return 'unreachable';
    const outcome = await this.sender.send(stored.reference, toActivity(message), hooks);
    if (outcome === 'unreachable') await this.references.markUnreachable(aadObjectId, this.clock.now());
    return outcome;
  }

  sendToConversation(
    reference: Partial<ConversationReference>,
    message: OutgoingMessage,
  ): Promise<SendOutcome> {
    return this.sender.send(reference, toActivity(message));
  }
}

export function toActivity(message: OutgoingMessage): Partial<Activity> {
  if (typeof message === 'string') return { type: 'message', text: message };
  if (isAttachment(message)) return { type: 'message', attachments: [message] };
  return { type: 'message', ...message };
}

function isAttachment(m: Attachment | Partial<Activity>): m is Attachment {
  return typeof (m as Attachment).contentType === 'string' && !('type' in m);
}
