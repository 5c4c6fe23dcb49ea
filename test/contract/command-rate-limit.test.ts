import { DocumentRateLimitCounter } from '../../src/adapters/store/rate-limit-counter';
import { CommandRateLimiter } from '../../src/bot/command-rate-limit';
import { describeEachStore } from '../support/store-factories';

const START = new Date('2026-11-24T10:00:30Z');

describeEachStore('Expensive-command rate limit shared by every instance', ({ store }) => {
  let now: Date;
  /** One bot instance: its own limiter and counter object, over the shared database. */
  const instance = () =>
    new CommandRateLimiter(
      { points: 5, windowSeconds: 60 },
      new DocumentRateLimitCounter(store()),
      () => now,
    );

  beforeEach(() => {
    now = START;
  });

  it('when a person alternates between two instances, then the sixth expensive command in a minute is refused on either', async () => {
    const [a, b] = [instance(), instance()];
    const answers: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await (i % 2 === 0 ? a : b).allow('aad-admin', 'admin.report'));
      now = new Date(now.getTime() + 1_000);
    }
    expect(answers).toEqual([true, true, true, true, true, false]);
    // Someone else, and cheap commands, are not affected.
    expect(await a.allow('aad-other', 'admin.report')).toBe(true);
    expect(await b.allow('aad-admin', 'help')).toBe(true);
  });

  it('when the minute has slid past the earlier commands, then the person may run them again (a sliding window, not a clock minute)', async () => {
    const a = instance();
    for (let i = 0; i < 5; i++) expect(await a.allow('aad-admin', 'campaign')).toBe(true);
    now = new Date(START.getTime() + 30_000); // a new clock minute, but all five are within the last 60 s
    expect(await a.allow('aad-admin', 'campaign')).toBe(false);
    now = new Date(START.getTime() + 61_000);
    expect(await a.allow('aad-admin', 'campaign')).toBe(true);
  });

  it('when five instances take a burst at the same moment, then exactly five commands are let through', async () => {
    const instances = Array.from({ length: 5 }, instance);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => instances[i % 5].allow('aad-burst', 'admin.bulk')),
    );
    expect(answers.filter(Boolean)).toHaveLength(5);
  });

  it('when a key has been idle for a day, then the retention sweep deletes it', async () => {
    const counter = new DocumentRateLimitCounter(store());
    await counter.hit('aad-old', new Date('2026-11-20T10:00:00Z'), 60_000);
    await counter.hit('aad-new', START, 60_000);
    expect(await counter.purgeOlderThan(new Date(START.getTime() - 86_400_000))).toBe(1);
    expect(await counter.hit('aad-new', START, 60_000)).toBe(2);
  });
});
