import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import type { Messenger } from '../../../src/ports/messenger';
import { CampaignHarness, MutableClock } from './support/campaign-harness';
import {
  crashingMessenger,
  deliveryCounts,
  runningCampaign,
  settle,
  untilSent,
} from './support/exactly-once-scenarios';

jest.setTimeout(60_000);

describe('campaign outbox: exactly once in effect (embedded store)', () => {
  let h: CampaignHarness;
  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
  });
  afterEach(async () => h.close());

  it('when two workers drain the same campaign at once, then nobody gets the reminder twice', async () => {
    const n = 40;
    const id = await runningCampaign(h, n, 'Two workers');
    await Promise.all([h.planner.planDue(), h.planner.planDue()]);
    const [a, b] = await Promise.all([h.dispatcher('w1').drainOnce(), h.dispatcher('w2').drainOnce()]);
    expect((a.results.sent ?? 0) + (b.results.sent ?? 0)).toBe(n);
    expect(deliveryCounts(h, n)).toEqual(Array(n).fill(1));
    expect((await h.records(id)).every((r) => r.state === 'sent')).toBe(true);
  });

  it('when a worker dies mid-run, then another picks up its expired leases: zero lost, zero duplicates', async () => {
    const n = 30;
    const id = await runningCampaign(h, n, 'Crash');
    await h.planner.planDue();
    const dying = crashingMessenger(h.messenger, 12);
    void h.dispatcher('w1', { messenger: dying, leaseMs: 60_000 }).drainOnce();
    await untilSent(h, id, 12);
    await settle(200);
    const stuck = (await h.records(id)).filter((r) => r.state === 'claimed');
    expect(stuck.length).toBe(n - 12);

    // Before the leases expire, a second worker takes nothing over.
    const early = await h.dispatcher('w2').drainOnce();
    expect(early.found).toBe(0);
    h.clock.advance(61_000);
    await h.dispatcher('w2').drainOnce();
    expect(deliveryCounts(h, n)).toEqual(Array(n).fill(1));
    const records = await h.records(id);
    expect(records.filter((r) => r.state === 'sent')).toHaveLength(n);
    expect(records.filter((r) => r.leaseOwner === 'w2')).toHaveLength(n - 12);
  });

  it('when a worker dies with a reminder on the wire, then the next worker records it as sent (unconfirmed) and does not send it again', async () => {
    const n = 3;
    const id = await runningCampaign(h, n, 'On the wire');
    await h.planner.planDue();
    const [first] = await h.records(id);
    const record = first;
    // The dead worker's state: claimed, marked on the wire, its request maybe delivered, never completed.
    await h.outbox.claim(record.key, 'dead', h.clock.now(), 60_000);
    expect(await h.outbox.markOnWire(record.key, 'dead', h.clock.now(), 60_000)).toBe(true);
    h.clock.advance(61_000);

    const r = await h.dispatcher('w2').drainOnce();
    expect(r.results.sent).toBe(n);
    const delivered = h.deliveries();
    expect(delivered.get(h.conversationOf(record.aadObjectId))).toBeUndefined();
    expect(delivered.size).toBe(n - 1);
    const after = (await h.records(id)).find((x) => x.key === record.key);
    expect(after).toMatchObject({ state: 'sent', reason: 'unconfirmed' });
  });

  it('when Teams throttles a reminder (429), then the on-the-wire mark is cleared, so a crash before the retry sends it again', async () => {
    const id = await runningCampaign(h, 1, 'Throttled');
    await h.planner.planDue();
    const [first] = await h.records(id);
    const record = first;
    await h.outbox.claim(record.key, 'w1', h.clock.now(), 60_000);
    await h.outbox.markOnWire(record.key, 'w1', h.clock.now(), 60_000);
    await h.outbox.clearOnWire(record.key, 'w1', h.clock.now());
    h.clock.advance(61_000);
    await h.dispatcher('w2').drainOnce();
    expect(h.deliveries().get(h.conversationOf(record.aadObjectId))).toBe(1);
    expect((await h.records(id))[0]).toMatchObject({ state: 'sent' });
    expect((await h.records(id))[0]?.reason).toBeUndefined();
  });

  it('when more people are due than one batch, then a slow send does not hold up the next ones: the drain tops up while it is still out', async () => {
    const n = 12;
    const id = await runningCampaign(h, n, 'Pipelined');
    await h.planner.planDue();
    let sentWhileSlowWasOut = -1;
    let slowOne: string | undefined;
    // The first reminder to go out stays out until every other one is sent (or 30 s pass, which is what
    // happens when the drain goes batch by batch: the second batch then waits for it). Waiting on the
    // condition, not on a fixed time, keeps this true on a busy machine.
    const slow: Messenger = {
      async sendToUser(aad, message, hooks) {
        slowOne ??= aad;
        if (aad !== slowOne) return h.messenger.sendToUser(aad, message, hooks);
        const giveUpAt = Date.now() + 30_000;
        while (h.stub.accepted.length < n - 1 && Date.now() < giveUpAt) await settle(20);
        sentWhileSlowWasOut = h.stub.accepted.length;
        return h.messenger.sendToUser(aad, message, hooks);
      },
      sendToConversation: (ref, message) => h.messenger.sendToConversation(ref, message),
    };
    const r = await h.dispatcher('w1', { messenger: slow, batchSize: 4 }).drain();
    expect(r).toMatchObject({ found: n, results: { sent: n } });
    // Batch by batch, the second batch would wait for p000: at most 3 sent before it.
    expect(sentWhileSlowWasOut).toBeGreaterThanOrEqual(n - 1);
    expect(deliveryCounts(h, n)).toEqual(Array(n).fill(1));
    expect((await h.records(id)).every((x) => x.state === 'sent')).toBe(true);
  });

  it('when a campaign larger than one batch drains, then each look at the outbox reads one batch, not everyone reminded so far', async () => {
    const n = 120;
    await runningCampaign(h, n, 'Large');
    await h.planner.planDue();
    const find = h.outbox.findClaimable.bind(h.outbox);
    const read: number[] = [];
    jest.spyOn(h.outbox, 'findClaimable').mockImplementation(async (ids, now, limit) => {
      const found = await find(ids, now, limit);
      read.push(found.length);
      return found;
    });
    const r = await h.dispatcher('w1', { batchSize: 10 }).drain();
    expect(r).toMatchObject({ found: n, results: { sent: n } });
    expect(deliveryCounts(h, n)).toEqual(Array(n).fill(1));
    // One batch plus what is in flight: before, the limit grew with every reminder tried (up to all 120).
    expect(Math.max(...read)).toBeLessThanOrEqual(20);
  });

  it('when a due reminder cannot be claimed (another worker holds its fresh lock), then the drain tries it once and ends instead of spinning', async () => {
    const id = await runningCampaign(h, 2, 'Held');
    await h.planner.planDue();
    const [held] = await h.records(id);
    // Another worker won the lock for the next attempt a moment ago, and has not marked the record yet.
    await h.store
      .collection('campaignOutboxLocks')
      .insertOne({ lock: `${held?.key}#1`, campaignId: id, owner: 'other', at: h.clock.now() });
    const r = await h.dispatcher('w1').drain();
    expect(r.results).toEqual({ sent: 1, lost: 1 });
    expect((await h.records(id)).find((x) => x.key === held?.key)?.state).toBe('pending');
  });

  it('when a worker died between taking the lock and marking the record, then once the lease has passed another worker claims it', async () => {
    const id = await runningCampaign(h, 1, 'Half claimed');
    await h.planner.planDue();
    const [record] = await h.records(id);
    await h.store
      .collection('campaignOutboxLocks')
      .insertOne({ lock: `${record?.key}#1`, campaignId: id, owner: 'dead', at: h.clock.now() });
    expect(await h.outbox.claim(record?.key ?? '', 'w2', h.clock.now(), 60_000)).toBeNull();
    h.clock.advance(61_000);
    expect(await h.outbox.claim(record?.key ?? '', 'w2', h.clock.now(), 60_000)).toMatchObject({
      state: 'claimed',
      leaseOwner: 'w2',
    });
  });
});
