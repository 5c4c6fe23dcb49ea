import { createApp, type App } from '../../src/app';
import { DocumentSlotLedger } from '../../src/adapters/store/slot-ledger';
import { CommandRateLimiter } from '../../src/bot/command-rate-limit';
import type { Feature } from '../../src/bot/feature';
import { loadConfig } from '../../src/config';
import type { DocumentStore } from '../../src/ports/document-store';
import { createLogger } from '../../src/logger';
import { tooFast } from '../../src/strings/common';
import { activity, addPerson, post, replyTexts, tempDataDir } from '../support/app-under-test';
import { describeEachStore } from '../support/store-factories';

const START = new Date('2026-11-24T10:00:30Z');

describeEachStore('Expensive-command rate limit shared by every instance', ({ store }) => {
  let now: Date;
  /** One bot instance: its own limiter and ledger object, over the shared database. */
  const instance = () =>
    new CommandRateLimiter({ points: 5, windowSeconds: 60 }, new DocumentSlotLedger(store()), () => now);

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
    // The refused attempt was not counted: four more fit before the window is full again.
    for (let i = 0; i < 4; i++) expect(await a.allow('aad-admin', 'campaign')).toBe(true);
    expect(await a.allow('aad-admin', 'campaign')).toBe(false);
  });

  it('when five instances take a burst at the same moment, then exactly five commands are let through', async () => {
    const instances = Array.from({ length: 5 }, instance);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => instances[i % 5].allow('aad-burst', 'admin.bulk')),
    );
    expect(answers.filter(Boolean)).toHaveLength(5);
  });

  it('when claims have expired, then the sweep deletes them and the person starts afresh', async () => {
    const ledger = new DocumentSlotLedger(store());
    const a = instance();
    for (let i = 0; i < 5; i++) expect(await a.allow('aad-old', 'campaign')).toBe(true);
    now = new Date(START.getTime() + 10_000);
    expect(await a.allow('aad-new', 'campaign')).toBe(true);
    // aad-old's five expire at START + 60 s, aad-new's one at START + 70 s.
    expect(await ledger.sweep(new Date(START.getTime() + 65_000))).toBe(5);
    expect(await ledger.latest('expensive-command:aad-old', 5)).toEqual([]);
    expect(await ledger.latest('expensive-command:aad-new', 5)).toHaveLength(1);
    now = new Date(START.getTime() + 65_000);
    for (let i = 0; i < 5; i++) expect(await a.allow('aad-old', 'campaign')).toBe(true);
    expect(await a.allow('aad-old', 'campaign')).toBe(false);
  });
});

/** The test's store for one app: closing the app leaves it open (the factory closes it after the test). */
function borrowed(s: DocumentStore): DocumentStore {
  return {
    kind: s.kind,
    description: s.description,
    collection: (name) => s.collection(name),
    ping: () => s.ping(),
    close: () => Promise.resolve(),
  };
}

describeEachStore('Expensive-command limit across two app instances over one store', ({ store }) => {
  const data = tempDataDir();
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(() => data.remove());

  /** A bot instance (createApp) over the shared store, with one expensive command that answers "report ran". */
  async function startInstance(): Promise<string> {
    const report: Feature = {
      name: 'test-report',
      commands: [
        {
          id: 'admin.report',
          phrases: ['report'],
          usage: 'report',
          description: 'a report',
          audience: 'staff',
          run: async (req) => void (await req.turn.sendActivity('report ran')),
        },
      ],
    };
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATA_DIR: data.dir,
      SHUTDOWN_GRACE_MS: '2000',
    });
    const app = await createApp(config, {
      store: borrowed(store()),
      features: [report],
      logger: createLogger({ level: 'silent' }),
    });
    apps.push(app);
    return `http://127.0.0.1:${(await app.listen(0)).port}`;
  }

  it('when a person sends report six times, alternating between two instances, then the sixth is refused', async () => {
    const urls = [await startInstance(), await startInstance()];
    await addPerson(apps[0], 'aad-two-apps');
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await post(urls[i % 2], activity('report', 'aad-two-apps'));
      replies.push(replyTexts(answer).join(' | '));
    }
    expect(replies.slice(0, 5).every((r) => r.includes('report ran'))).toBe(true);
    expect(replies[5]).toContain(tooFast);
    expect(replies[5]).not.toContain('report ran');
  });
});
