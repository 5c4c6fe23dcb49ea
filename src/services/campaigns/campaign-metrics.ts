import { Counter, type Registry } from 'prom-client';

/**
 * campaign_reminders_total{outcome}: sent, failed, unreachable, no-reference, skipped, and unconfirmed (taken
 * over after a crash mid-send, counted as sent and not sent again) (GET /metrics).
 */
export type ReminderCounter = Counter<'outcome'>;

export function createReminderCounter(registry: Registry): ReminderCounter {
  const name = 'campaign_reminders_total';
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing;
  return new Counter({
    name,
    help: 'Campaign reminders finished, by outcome (sent, failed, unreachable, no-reference, skipped, unconfirmed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
}
