import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics on a registry of our own (never prom-client's global one, so several apps can live
 * in one test process). GET /metrics serves `registry.metrics()`.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly turnsTotal = new Counter({
    name: 'turns_total',
    help: 'Bot turns processed, by activity type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly turnDuration = new Histogram({
    name: 'turn_duration_seconds',
    help: 'Time to process one bot turn',
    labelNames: ['type'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly turnErrors = new Counter({
    name: 'turn_errors_total',
    help: 'Turns that ended in an error, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly storeOperation = new Histogram({
    name: 'store_operation_seconds',
    help: 'Time spent in document store operations, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Times `fn` as one store operation (outcome ok or error) and passes its result or error through. */
  async timeStore<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const end = this.storeOperation.startTimer({ operation });
    try {
      const result = await fn();
      end({ outcome: 'ok' });
      return result;
    } catch (e) {
      end({ outcome: 'error' });
      throw e;
    }
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
