import { GraphRequestError } from '../../../src/adapters/graph/graph-errors';
import { parseRetryAfter, retryDelayMs, defaultRetryPolicy } from '../../../src/adapters/retry-policy';
import { createGraphWorld, guardNetwork, releaseNetwork, stubUser, type GraphWorld } from './graph-fixture';

describe('Graph throttling (429 / 503) is honoured and bounded', () => {
  let w: GraphWorld;

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    w = await createGraphWorld();
    for (let i = 0; i < 5; i++) w.stub.putUser(stubUser(i));
  });
  afterEach(async () => {
    await w.close();
  });

  it('when Graph answers 429 with Retry-After twice, then the request waits that long each time and then succeeds', async () => {
    w.stub.throttle(2, 7, /^\/users\/delta$/);

    const report = await w.graph.sync.run();

    expect(report.created).toBe(5);
    expect(w.sleeps).toEqual([7000, 7000]);
    expect(w.stub.count('GET', /^\/users\/delta$/)).toBe(3);
  });

  it('when Graph never stops throttling, then the sync gives up after GRAPH_MAX_ATTEMPTS and records the failure', async () => {
    w.stub.throttle(1000, 1, /^\/users\/delta$/);

    const failure = await w.graph.sync.run().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(GraphRequestError);
    expect((failure as GraphRequestError).status).toBe(429);
    expect(w.stub.count('GET', /^\/users\/delta$/)).toBe(4);
    expect(w.sleeps).toHaveLength(3);
    const freshness = await w.graph.status.freshness(w.clock.now());
    expect(freshness.text).toMatch(
      /^directory never synced \(last sync failed: Microsoft Graph answered 429/,
    );
    expect(await w.staff.count({})).toBe(0);
  });

  it('when Graph is unavailable without Retry-After, then it backs off exponentially with jitter', async () => {
    w.stub.down = 503;
    await expect(w.graph.sync.run()).rejects.toThrow(/503/);
    // 1 s, 2 s, 4 s ceilings with jitter in [50 %, 100 %].
    expect(w.sleeps).toHaveLength(3);
    w.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
  });

  it('when a sync failed after an earlier success, then the last known state is kept and shown with its age', async () => {
    await w.graph.sync.run();
    w.clock.advance(2 * 3_600_000);
    w.stub.down = 503;
    await expect(w.graph.sync.run()).rejects.toThrow();

    const freshness = await w.graph.status.freshness(w.clock.now());

    expect(freshness.text).toMatch(/^directory as of 2 h ago \(last sync failed: /);
    expect(await w.staff.count({})).toBe(5);
  });
});

describe('retry timing', () => {
  it('when Retry-After is seconds or an HTTP date, then it is read as milliseconds from now', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:10 GMT', Date.parse('2026-11-23T10:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('when Retry-After is longer than the cap, then the wait is cut to the cap', () => {
    const policy = defaultRetryPolicy(3, { maxRetryAfterMs: 60_000 });
    expect(retryDelayMs(1, 3_600_000, policy)).toEqual({ delayMs: 60_000, retryAfter: true });
  });
});
