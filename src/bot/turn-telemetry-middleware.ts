import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { newTurnId, turnLogger, type Logger } from '../logger';
import type { Metrics } from '../metrics';
import { setTurnId } from './turn-state';

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));

/**
 * First in the pipeline: gives the turn an id and a child logger carrying it (the id doubles as the
 * reference shown in apologies), counts the turn and times it.
 */
export class TurnTelemetryMiddleware implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    // The label comes from the request: bounded to the Bot Framework's activity types.
    const type = KNOWN_TYPES.has(turn.activity.type) ? turn.activity.type : 'other';
    const turnId = newTurnId();
    const log = turnLogger(this.logger, turnId, {
      activityType: type,
      activityId: turn.activity.id,
      conversationType: turn.activity.conversation?.conversationType,
    });
    setTurnId(turn, turnId, log);
    this.metrics.turnsTotal.inc({ type });
    const end = this.metrics.turnDuration.startTimer({ type });
    const started = Date.now();
    try {
      await next();
    } finally {
      end();
      if (this.logger.isLevelEnabled('debug'))
        log.debug({ durationMs: Date.now() - started }, 'turn finished');
    }
  }
}
