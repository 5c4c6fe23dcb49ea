import { EmbeddedDocumentStore } from '../src/adapters/embedded/embedded-document-store';
import { CampaignHarness, MutableClock } from '../test/unit/campaigns/support/campaign-harness';
import { runningCampaign } from '../test/unit/campaigns/support/exactly-once-scenarios';
import { ConnectorThread } from './connector-thread';

export const TEAMS_LIMIT_PER_SECOND = 50;
/** Every 50th request to the stub gets 429 with Retry-After: 1 (2 %), on top of its own 50/s limit. */
const INJECT_EVERY = 50;

export interface BroadcastResult {
  users: number;
  workers: string;
  /** First request to the stub .. last delivery. */
  seconds: number;
  /** From the first drain until every worker found nothing left. */
  wallSeconds: number;
  delivered: number;
  /** Messages the stub accepted per second, as a fraction of the 50/s limit. */
  rateOfLimit: number;
  requests: number;
  injected429: number;
  /** Requests the stub refused because they broke its 50/s or per-conversation limits. */
  limitViolations: number;
  duplicates: number;
  lost: number;
}

/**
 * A campaign's d14 reminder to `users` people through the real planner, dispatcher, outbox, Teams messenger
 * and rate limiter (the campaign tests' harness) to the stub Bot Connector on 127.0.0.1, in this process on
 * the embedded store. `instances` > 1 runs that many dispatchers on harnesses over the same store, each with
 * its own limiter and the tenant's whole rate, sharing the send budget in the store (bench/fleet-broadcast.ts
 * runs instances as processes of their own over FerretDB).
 */
export async function broadcast(
  users: number,
  instances: number,
  /** Each instance's HTTP calls on a sender thread (the product's default, TEAMS_SEND_THREAD). */
  senderThread = true,
): Promise<BroadcastResult> {
  const store = new EmbeddedDocumentStore({ inMemory: true });
  // The stub connector judges the limit on a thread of its own (bench/connector-thread.ts).
  const connector = new ConnectorThread();
  const url = await connector.start({ injectEvery: INJECT_EVERY });
  // Every instance is configured with the tenant's limit (TEAMS_SEND_RATE_PER_SECOND = 50): they share one
  // send budget in the store.
  const clock = new MutableClock(new Date('2026-11-10T10:00:00Z'));
  const first = await new CampaignHarness(
    store,
    clock,
    undefined,
    TEAMS_LIMIT_PER_SECOND,
    senderThread,
  ).start(url);
  const harnesses = [
    first,
    ...Array.from({ length: instances - 1 }, () => first.attach(store, TEAMS_LIMIT_PER_SECOND)),
  ];
  try {
    await runningCampaign(first, users, 'Bench');
    await first.planner.planDue();
    const dispatchers = harnesses.map((h, i) => h.dispatcher(`bench-w${i + 1}`, { batchSize: 200 }));
    const started = performance.now();
    await Promise.all(dispatchers.map((d) => d.drain()));
    const wallSeconds = (performance.now() - started) / 1000;
    const seen = await connector.results();
    const firstRequest = seen.requestTimes[0] ?? 0;
    const lastDelivery = seen.accepted.at(-1)?.at ?? firstRequest;
    // The sending window: first request to the stub until its last delivery (claiming starts before it).
    const seconds = Math.max(0.001, (lastDelivery - firstRequest) / 1000);
    const perConversation = new Map<string, number>();
    for (const a of seen.accepted)
      perConversation.set(a.conversationId, (perConversation.get(a.conversationId) ?? 0) + 1);
    const counts = [...perConversation.values()];
    const delivered = seen.accepted.length;
    if (process.env.BENCH_DEBUG)
      console.error(
        harnesses.map((h) => ({
          missed: h.limiter.missedSlots,
          refusedAtDeparture: h.limiter.refusedAtDeparture,
          ...h.limiter.budgetFor('t1').stats,
        })),
      );
    return {
      users,
      workers: instances === 1 ? '1 instance' : `${instances} instances`,
      seconds,
      wallSeconds,
      delivered,
      rateOfLimit: delivered / seconds / TEAMS_LIMIT_PER_SECOND,
      requests: seen.requests,
      injected429: seen.injected429,
      limitViolations: seen.limitViolations,
      duplicates: counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
      lost: users - counts.filter((c) => c > 0).length,
    };
  } finally {
    for (const h of harnesses.slice(1)) await h.close();
    await first.close();
    await store.close();
    await connector.stop();
  }
}
