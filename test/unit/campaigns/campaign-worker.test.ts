import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { CampaignWorker } from '../../../src/services/campaigns/campaign-worker';
import { CampaignHarness, MutableClock } from './support/campaign-harness';
import { deliveryCounts, runningCampaign, settle } from './support/exactly-once-scenarios';

jest.setTimeout(30_000);

describe('the campaign worker loop', () => {
  let h: CampaignHarness;
  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
  });
  afterEach(async () => h.close());

  it('when started, then it plans and drains on its own; when stopped, then it does nothing more', async () => {
    await runningCampaign(h, 5, 'Loop');
    const worker = new CampaignWorker(h.planner, h.dispatcher('w1', { batchSize: 2 }), 50);
    worker.start();
    worker.start(); // a second start is ignored
    const deadline = Date.now() + 20_000;
    while (h.stub.accepted.length < 5 && Date.now() < deadline) await settle();
    await worker.stop();
    expect(deliveryCounts(h, 5)).toEqual([1, 1, 1, 1, 1]);

    // A snooze due later is not picked up by a stopped worker.
    const p = await h.staff.findByAadObjectId('p001');
    await h.snoozes.snooze((await h.campaigns.findByName('Loop'))?.id ?? '', p as NonNullable<typeof p>);
    h.clock.set(new Date('2026-11-18T10:00:00Z'));
    await settle(300);
    expect(h.stub.accepted).toHaveLength(5);
  });
});
