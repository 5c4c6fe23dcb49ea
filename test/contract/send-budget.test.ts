import { DocumentSlotLedger } from '../../src/adapters/store/slot-ledger';
import { SendRateLimiter } from '../../src/adapters/teams/send-rate-limiter';
import { describeEachStore } from '../support/store-factories';

jest.setTimeout(120_000);

const RATE = 20;
const PER_INSTANCE = 40;

/** Most request starts in any half-open window (x - 1000 ms, x]. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while (sorted[start] <= sorted[end] - 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describeEachStore('Teams send budget shared by two instances over one store', ({ store }) => {
  it(`when two limiters, each configured with the tenant's ${RATE}/s, send ${PER_INSTANCE} requests each at once, then no sliding second holds more than ${RATE} of them and all are sent`, async () => {
    // Two instances: each its own limiter and ledger object; only the database is shared.
    const limiters = [0, 1].map(
      () => new SendRateLimiter({ ratePerSecond: RATE, ledger: new DocumentSlotLedger(store()) }),
    );
    const started: number[] = [];
    try {
      await Promise.all(
        limiters.flatMap((limiter, i) =>
          Array.from({ length: PER_INSTANCE }, (_, n) =>
            limiter.schedule('tenant-1', `conv-${i}-${n}`, () => {
              started.push(Date.now());
              return Promise.resolve();
            }),
          ),
        ),
      );
    } finally {
      await Promise.all(limiters.map((l) => l.stop()));
    }
    expect(started).toHaveLength(2 * PER_INSTANCE);
    // Send times are 1/(RATE x 0.995) s apart and a request leaves within 2 ms of its own, so RATE is the bound.
    // Measured here are the times the test saw, not the send times: once, with a CPU burner on both cores and
    // FerretDB on PostgreSQL, 21 fell in one second (a known flake, issue 23's notes); one more is tolerated so
    // the check still catches two instances each spending the whole budget (40 in a second).
    expect(busiestSecond(started)).toBeLessThanOrEqual(RATE + 1);
    // And the pair used the budget: 80 requests at 19.9/s take about 4 s, not the 2 s of 40/s.
    const span = Math.max(...started) - Math.min(...started);
    expect(span).toBeGreaterThanOrEqual(((2 * PER_INSTANCE - RATE) / RATE) * 1000);
  });

  it('when two tenants send at once, then each has its own budget', async () => {
    const limiter = new SendRateLimiter({ ratePerSecond: RATE, ledger: new DocumentSlotLedger(store()) });
    const started = new Map<string, number[]>([
      ['tenant-a', []],
      ['tenant-b', []],
    ]);
    try {
      await Promise.all(
        [...started.keys()].flatMap((tenant) =>
          Array.from({ length: RATE }, (_, n) =>
            limiter.schedule(tenant, `${tenant}-conv-${n}`, () => {
              started.get(tenant)?.push(Date.now());
              return Promise.resolve();
            }),
          ),
        ),
      );
    } finally {
      await limiter.stop();
    }
    const all = [...started.values()].flat();
    // Forty requests in about one second: twice one tenant's rate, each tenant within its own.
    expect(busiestSecond(all)).toBeGreaterThan(RATE);
    for (const times of started.values()) expect(busiestSecond(times)).toBeLessThanOrEqual(RATE);
  });
});
