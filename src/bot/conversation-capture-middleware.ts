import { ActivityTypes, TurnContext, type Middleware } from 'botbuilder';
import type { Clock } from '../ports/clock';
import type { ConversationReferenceRepository } from '../ports/conversation-reference-repository';
import { isPersonalChat, tenantOf } from './conversation-kind';
import { findSpeaker } from '../turn/speaker';

const CAPTURED: ReadonlySet<string> = new Set([
  ActivityTypes.Message,
  ActivityTypes.InstallationUpdate,
  ActivityTypes.ConversationUpdate,
]);

/** A saved reference is written again at most this often while it does not change (keeps `savedAt` fresh). */
const RESAVE_AFTER_MS = 60 * 60 * 1000;
/** People whose last save this process remembers; the oldest are forgotten first. */
const REMEMBERED = 50_000;

/**
 * Keeps each person's personal-chat conversation reference fresh (every message, and the install),
 * so reminders and notifications can reach them proactively. Runs after the identity middleware.
 * A message whose reference is the one this process saved for that person within the last hour writes
 * nothing (it was a store write on every message: the largest store cost of a FAQ turn). Installs and
 * uninstalls always write, and an uninstall forgets what was remembered.
 */
export class ConversationCaptureMiddleware implements Middleware {
  private readonly saved = new Map<string, { key: string; at: number }>();

  constructor(private readonly deps: { conversations: ConversationReferenceRepository; clock: Clock }) {}

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = turn.activity;
    const staff = findSpeaker(turn);
    const removal = activity.type === 'installationUpdate' && activity.action?.startsWith('remove');
    if (staff && removal) this.saved.delete(staff.aadObjectId);
    if (staff && CAPTURED.has(activity.type) && isPersonalChat(activity) && !removal) {
      const reference = TurnContext.getConversationReference(activity);
      const tenantId = tenantOf(activity);
      const key = JSON.stringify([
        reference.serviceUrl,
        reference.conversation?.id,
        reference.bot?.id,
        tenantId,
      ]);
      const now = this.deps.clock.now();
      const last = this.saved.get(staff.aadObjectId);
      const fresh =
        activity.type === 'message' && last?.key === key && now.getTime() - last.at < RESAVE_AFTER_MS;
      if (!fresh) {
        await this.deps.conversations.save(staff.aadObjectId, tenantId, reference, now);
        this.remember(staff.aadObjectId, key, now.getTime());
      }
    }
    await next();
  }

  private remember(aadObjectId: string, key: string, at: number): void {
    this.saved.delete(aadObjectId);
    this.saved.set(aadObjectId, { key, at });
    if (this.saved.size > REMEMBERED) {
      const oldest = this.saved.keys().next().value;
      if (oldest !== undefined) this.saved.delete(oldest);
    }
  }
}
