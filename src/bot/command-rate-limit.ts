import type { SlotLedger } from '../ports/slot-ledger';

/**
 * Commands that read or change many records (a report, a bulk change, campaign previews and sends, an FAQ
 * reload). The turn router limits them per person so one account (or a stuck client) cannot load the store.
 */
export const EXPENSIVE_COMMANDS: ReadonlySet<string> = new Set([
  'admin.report',
  'admin.bulk',
  'campaign',
  'faq-reload',
]);

export interface RateLimitPolicy {
  /** Expensive commands one person may run per window. */
  points: number;
  windowSeconds: number;
}

export const DEFAULT_EXPENSIVE_COMMAND_LIMIT: RateLimitPolicy = { points: 5, windowSeconds: 60 };

/** A lost claim means another instance won that command, so points + 1 tries always reach a verdict. */
const EXTRA_TRIES = 1;

/**
 * Per person, over a sliding `windowSeconds`, shared by every bot instance through the SlotLedger in the
 * database: the person's allowed commands are numbered, and command k may run only once command k - points
 * is older than the window. Command k is claimed with one insert (a unique index: one instance wins it), so
 * concurrent instances never let more than `points` through. Refused commands are not counted.
 */
export class CommandRateLimiter {
  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly ledger: SlotLedger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts one run of `commandId` by the person; false when they are over the limit (cheap commands always pass). */
  async allow(aadObjectId: string, commandId: string): Promise<boolean> {
    if (!EXPENSIVE_COMMANDS.has(commandId)) return true;
    return this.allowWithin(`expensive-command:${aadObjectId}`, this.policy);
  }

  /**
   * Counts one use of a card action that declares its own limit (CardAction.rateLimit), per person and action,
   * in the same shared ledger; false when they are over it.
   */
  allowAction(aadObjectId: string, action: string, policy: RateLimitPolicy): Promise<boolean> {
    return this.allowWithin(`action:${action}:${aadObjectId}`, policy);
  }

  private async allowWithin(scope: string, policy: RateLimitPolicy): Promise<boolean> {
    const windowMs = policy.windowSeconds * 1000;
    for (let tries = 0; tries < policy.points + EXTRA_TRIES; tries++) {
      const at = this.now();
      const recent = await this.ledger.latest(scope, policy.points);
      const next = (recent[0]?.seq ?? -1) + 1;
      const oldest = recent.length >= policy.points ? recent[policy.points - 1] : undefined;
      if (oldest && oldest.seq === next - policy.points && oldest.at.getTime() > at.getTime() - windowMs)
        return false;
      if (await this.ledger.claim(scope, next, at, new Date(at.getTime() + windowMs))) return true;
    }
    return false;
  }
}
