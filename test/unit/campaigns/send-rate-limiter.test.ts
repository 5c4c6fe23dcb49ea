import { SendRateLimiter } from '../../../src/adapters/teams/send-rate-limiter';
import { memorySlotLedger } from '../../support/memory-slot-ledger';

describe('send rate limiter: smooth within the second', () => {
  let limiter: SendRateLimiter;
  afterEach(async () => limiter.stop());

  it('when requests are held up by a slow prepare step and then all become ready at once, then they still go out spaced apart, not in a burst', async () => {
    limiter = new SendRateLimiter({ ratePerSecond: 50, ledger: memorySlotLedger() });
    const started: number[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // The first prepare (the outbox write) is slow; the others queue behind it, then all are ready together.
    const sends = Array.from({ length: 8 }, (_, i) =>
      limiter.schedule(
        't1',
        `c${i}`,
        async () => void started.push(performance.now()),
        () => gate,
      ),
    );
    setTimeout(open, 300);
    await Promise.all(sends);
    const gaps = started.slice(1).map((t, i) => t - (started[i] ?? t));
    // 49 a second leaves 20.4 ms between requests on average; no two leave within 10 ms of each other.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(9);
  });
});
