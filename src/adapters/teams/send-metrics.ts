import { Counter, type Registry } from 'prom-client';

/** Counters for proactive sends, on the app's registry (GET /metrics); rates come from rate() in Prometheus. */
export interface SendMetrics {
  sent: Counter;
  failed: Counter;
  retried: Counter;
  unreachable: Counter;
}

function counter(registry: Registry, name: string, help: string): Counter {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing;
  return new Counter({ name, help, registers: [registry] });
}

/** Idempotent: asking twice for the same registry returns the same counters. */
export function createSendMetrics(registry: Registry): SendMetrics {
  return {
    sent: counter(registry, 'teams_proactive_sent_total', 'Proactive Teams messages delivered'),
    failed: counter(registry, 'teams_proactive_failed_total', 'Proactive Teams messages given up on'),
    retried: counter(
      registry,
      'teams_proactive_retried_total',
      'Proactive Teams send attempts that were retried',
    ),
    unreachable: counter(
      registry,
      'teams_proactive_unreachable_total',
      'Proactive Teams messages refused with 403/404 (person blocked the app or the chat is gone)',
    ),
  };
}
