import { ActivityTypes, TurnContext, type Middleware } from 'botbuilder';
import type { Logger } from '../logger';
import { getTurnLogger } from './turn-state';

/**
 * Shows "typing..." when a message turn takes longer than `delayMs`, repeating every `periodMs`.
 * Like botbuilder's ShowTypingMiddleware, but it never runs for expectReplies turns (those replies are
 * buffered into the HTTP response, where a typing indicator is useless and going through the adapter
 * would try to reach the channel) and a failed indicator is logged, never turned into a turn error.
 */
export class TypingMiddleware implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly delayMs = 800,
    private readonly periodMs = 3000,
  ) {}

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = turn.activity;
    if (activity.type !== 'message' || activity.deliveryMode === 'expectReplies') {
      await next();
      return;
    }
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const schedule = (delay: number): void => {
      timer = setTimeout(() => {
        if (finished) return;
        void this.sendTyping(turn).then(() => {
          if (!finished) schedule(this.periodMs);
        });
      }, delay);
      timer.unref();
    };
    schedule(this.delayMs);
    try {
      await next();
    } finally {
      finished = true;
      if (timer) clearTimeout(timer);
    }
  }

  private async sendTyping(turn: TurnContext): Promise<void> {
    try {
      const reference = TurnContext.getConversationReference(turn.activity);
      const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, reference);
      await turn.adapter.sendActivities(turn, [typing]);
    } catch (err) {
      getTurnLogger(turn, this.logger).debug({ err }, 'typing indicator not sent');
    }
  }
}
