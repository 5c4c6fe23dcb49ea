import { MongoDocumentStore } from '../src/adapters/mongo/mongo-document-store';
import type { DrainResult } from '../src/services/campaigns/reminder-dispatcher';
import { CampaignHarness, MutableClock } from '../test/unit/campaigns/support/campaign-harness';

/**
 * One bot instance of the fleet broadcast (bench/fleet-broadcast.ts), in a process of its own: the real
 * dispatcher, outbox, Teams messenger and rate limiter (with the tenant's send budget in the database) over
 * the shared MongoDB-compatible store, sending to the parent's stub Bot Connector. Drains until the parent
 * says stop, then reports its figures over IPC.
 */
class OffsetClock extends MutableClock {
  constructor(private readonly offsetMs: number) {
    super(new Date(Date.now() + offsetMs));
  }
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const env = process.env;
  const store = await MongoDocumentStore.connect({
    url: env.FLEET_MONGODB_URL as string,
    db: env.FLEET_DB as string,
    serverSelectionTimeoutMs: 10_000,
    socketTimeoutMs: 120_000,
  });
  // Every instance's clock runs from the campaign's day-14 moment, offset the same way (real time passes, so
  // leases of a killed instance expire).
  const clock = new OffsetClock(Number(env.FLEET_CLOCK_OFFSET_MS));
  // The HTTP calls on a sender thread, as the product makes them (TEAMS_SEND_THREAD, on by default).
  const harness = new CampaignHarness(store, clock, undefined, Number(env.FLEET_RATE ?? 50), true);
  const dispatcher = harness.dispatcher(env.FLEET_WORKER as string, {
    batchSize: Number(env.FLEET_BATCH ?? 100),
    leaseMs: Number(env.FLEET_LEASE_MS ?? 30_000),
  });
  let stop = false;
  let go!: () => void;
  const started = new Promise<void>((resolve) => (go = resolve));
  process.on('message', (m) => {
    if (m === 'go') go();
    if (m === 'stop') stop = true;
  });
  process.send?.({ ready: true });
  await started;
  const total: DrainResult = { found: 0, results: {} };
  while (!stop) {
    const r = await dispatcher.drain(() => stop);
    total.found += r.found;
    for (const [k, v] of Object.entries(r.results)) {
      const key = k as keyof DrainResult['results'];
      total.results[key] = (total.results[key] ?? 0) + (v ?? 0);
    }
    if (r.found === 0) await sleep(200);
  }
  const budget = harness.limiter.budgetFor('t1').stats;
  process.send?.({ done: true, total, budget });
  await harness.close();
  await store.close();
  process.disconnect?.();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
