import { ActivityTypes, TurnContext, type Middleware } from 'botbuilder';
import type { Clock } from '../ports/clock';
import type { ConversationReferenceRepository } from '../ports/conversation-reference-repository';
import { isPersonalChat, tenantOf } from './conversation-kind';
import { getStaff } from './turn-state';

const CAPTURED: ReadonlySet<string> = new Set([
  ActivityTypes.Message,
  ActivityTypes.InstallationUpdate,
  ActivityTypes.ConversationUpdate,
]);

/**
 * Keeps each person's personal-chat conversation reference fresh (every message, and the install),
 * so reminders and notifications can reach them proactively. Runs after the identity middleware.
 */
export class ConversationCaptureMiddleware implements Middleware {
  constructor(private readonly deps: { conversations: ConversationReferenceRepository; clock: Clock }) {}

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = turn.activity;
    const staff = getStaff(turn);
    const removal = activity.type === 'installationUpdate' && activity.action?.startsWith('remove');
    if (staff && CAPTURED.has(activity.type) && isPersonalChat(activity) && !removal) {
      const reference = TurnContext.getConversationReference(activity);
      await this.deps.conversations.save(
        staff.aadObjectId,
        tenantOf(activity),
        reference,
        this.deps.clock.now(),
      );
    }
    await next();
  }
}
