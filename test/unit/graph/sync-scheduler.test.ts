import { DocumentLeaseRepository } from '../../../src/adapters/store/lease-repository';
import { DirectorySyncScheduler } from '../../../src/services/directory-sync/sync-scheduler';
import { createGraphWorld, guardNetwork, releaseNetwork, stubUser, type GraphWorld } from './graph-fixture';

describe('scheduled directory sync', () => {
  let w: GraphWorld;
  const logged = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    jest.clearAllMocks();
    w = await createGraphWorld();
    for (let i = 0; i < 20; i++) w.stub.putUser(stubUser(i));
  });
  afterEach(async () => {
    await w.close();
  });

  const scheduler = () =>
    new DirectorySyncScheduler({
      sync: w.graph.sync,
      leases: new DocumentLeaseRepository(w.store),
      clock: w.clock,
      logger: logged,
      intervalMs: 60_000,
    });

  it('when started, then it syncs at once, and stop waits for the run in flight', async () => {
    const s = scheduler();
    s.start();
    await s.stop();
    expect(await w.staff.count({})).toBe(20);
    expect(logged.info).toHaveBeenCalledWith(
      expect.objectContaining({ full: true, created: 20 }),
      'directory sync finished',
    );
  });

  it('when Graph fails, then the failure is logged once and the run resolves without throwing', async () => {
    w.stub.down = 503;
    await expect(scheduler().runOnce()).resolves.toBeUndefined();
    expect(logged.error).toHaveBeenCalledTimes(1);
    expect(await w.staff.count({})).toBe(0);
  });

  it('when two schedulers share a store, then the one without the lease does not sync', async () => {
    const [a, b] = [scheduler(), scheduler()];
    const first = await a.runOnce();
    const second = await b.runOnce();
    expect(first?.created).toBe(20);
    expect(second).toBeUndefined();
    await a.stop();
    expect((await b.runOnce())?.full).toBe(false);
  });
});
