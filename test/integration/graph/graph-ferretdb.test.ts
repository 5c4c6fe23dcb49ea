import { MongoDocumentStore } from '../../../src/adapters/mongo/mongo-document-store';
import { DocumentLeaseRepository } from '../../../src/adapters/store/lease-repository';
import { DirectorySyncScheduler } from '../../../src/services/directory-sync/sync-scheduler';
import { GraphStub } from '../../support/graph-stub';
import { mongoTestUrl, uniqueDbName } from '../../support/store-factories';
import {
  createGraphWorld,
  GROUPS,
  guardNetwork,
  releaseNetwork,
  stubUser,
  type GraphWorld,
} from '../../unit/graph/graph-fixture';

jest.setTimeout(240_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED Graph FerretDB tests: no MongoDB in this run\n');

/** Two bot instances on one database, one Graph tenant (the stub). */
run('Graph directory sync against FerretDB', () => {
  let stores: MongoDocumentStore[] = [];
  let stub: GraphStub;
  let a: GraphWorld;
  let b: GraphWorld;

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    const db = uniqueDbName('graph');
    const open = (): Promise<MongoDocumentStore> =>
      MongoDocumentStore.connect({ url: url as string, db, serverSelectionTimeoutMs: 5000 });
    stores = [await open(), await open()];
    stub = await new GraphStub().start();
    stub.pageSize = 100;
    a = await createGraphWorld({ store: stores[0], stub });
    b = await createGraphWorld({ store: stores[1], stub });
  });
  afterEach(async () => {
    await stores[0]?.dropDatabase();
    for (const s of stores) await s.close();
    await stub.stop();
  });

  it('when one instance syncs 300 users and the other syncs the changes, then the delta link is shared through the database', async () => {
    for (let i = 0; i < 300; i++) stub.putUser(stubUser(i));
    stub.group(GROUPS.helpdesk).add(stubUser(3).id);
    stub.registrations.set(stubUser(4).id, {
      isMfaRegistered: true,
      methodsRegistered: ['softwareOneTimePasscode'],
    });

    const full = await a.graph.sync.run();
    expect(full).toMatchObject({ full: true, users: 300, created: 300, pages: 3 });
    expect(full.registrations.markedEnrolled).toBe(1);

    stub.putUser(stubUser(10, { displayName: 'Changed On Graph' }));
    stub.removeUser(stubUser(11).id);
    const deltaCallsBefore = stub.count('GET', /^\/users\/delta$/);
    const delta = await b.graph.sync.run();

    expect(delta).toMatchObject({ full: false, users: 1, updated: 1, removed: 1 });
    expect(stub.count('GET', /^\/users\/delta$/) - deltaCallsBefore).toBe(1);
    expect(await b.staff.count({})).toBe(300);
    expect((await b.staff.findByAadObjectId(stubUser(3).id))?.role).toBe('helpdesk');
    expect((await b.staff.findByAadObjectId(stubUser(4).id))?.methods).toEqual(['SoftwareOTP']);
    expect((await a.graph.status.freshness(a.clock.now())).text).toBe('directory as of just now');
  });

  it('when both instances run their scheduled sync at once, then only the lease holder syncs', async () => {
    for (let i = 0; i < 50; i++) stub.putUser(stubUser(i));
    const scheduler = (w: GraphWorld, store: MongoDocumentStore) =>
      new DirectorySyncScheduler({
        sync: w.graph.sync,
        leases: new DocumentLeaseRepository(store),
        clock: w.clock,
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        intervalMs: 60_000,
      });
    const [sa, sb] = [scheduler(a, stores[0]), scheduler(b, stores[1])];

    const results = await Promise.all([sa.runOnce(), sb.runOnce()]);

    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await a.staff.count({})).toBe(50);
    await Promise.all([sa.stop(), sb.stop()]);
  });
});
