import type { Middleware, TurnContext } from 'botbuilder';
import { newTurnId, turnLogger, type Logger } from '../logger';
import type { Metrics } from '../metrics';
import { setTurnId } from './turn-state';

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
    const type = turn.activity.type ?? 'unknown';
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
      log.debug({ durationMs: Date.now() - started }, 'turn finished');
    }
  }
}
