import { DocumentDirectorySyncStateRepository } from '../../../src/adapters/store/directory-sync-state-repository';
import {
  guardNetwork,
  releaseNetwork,
  createGraphWorld,
  GROUPS,
  stubUser,
  type GraphWorld,
} from './graph-fixture';

jest.setTimeout(120_000);

describe('directory sync from Microsoft Graph (local stub)', () => {
  let w: GraphWorld;

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    w = await createGraphWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  it('when the tenant has 10,000 users, then a full sync pages through all of them and assigns roles from the groups', async () => {
    w.stub.pageSize = 999;
    for (let i = 0; i < 10_000; i++) w.stub.putUser(stubUser(i));
    const id = (i: number) => stubUser(i).id;
    w.stub.group(GROUPS.globalAdmins).add(id(1));
    w.stub.group(GROUPS.localNorth).add(id(2));
    w.stub.group(GROUPS.localSouth).add(id(3));
    for (let i = 10; i < 15; i++) w.stub.group(GROUPS.helpdesk).add(id(i));
    for (let i = 100; i < 1100; i++) w.stub.group(GROUPS.atp).add(id(i));
    w.stub.group(GROUPS.helpdesk).add(id(1)); // global admin wins over helpdesk
    const progress: number[] = [];

    const report = await w.graph.sync.run({
      onProgress: (p) => p.phase === 'users' && progress.push(p.items),
    });

    expect(report).toMatchObject({
      full: true,
      users: 10_000,
      created: 10_000,
      updated: 0,
      rejected: 0,
      pages: 11,
    });
    expect(w.stub.count('GET', /^\/users\/delta$/)).toBe(11);
    expect(progress).toHaveLength(11);
    expect(progress.at(-1)).toBe(10_000);
    expect(await w.staff.count({})).toBe(10_000);
    expect(await w.staff.count({ roles: ['globalAdmin'] })).toBe(1);
    expect(await w.staff.count({ roles: ['localAdmin'] })).toBe(2);
    expect(await w.staff.count({ roles: ['helpdesk'] })).toBe(5);
    const one = await w.staff.findByAadObjectId(id(1));
    expect(one).toMatchObject({
      role: 'globalAdmin',
      upn: 'user00001@example.org',
      organisation: 'South',
      orgUnit: 'Ward 1',
    });
    expect((await w.staff.findByAadObjectId(id(500)))?.atp).toBe(true);
    expect((await w.staff.findByAadObjectId(id(5000)))?.atp).toBe(false);
    expect(w.stub.tokenRequests).toBe(1);
  });

  it('when users change after a sync, then the next sync fetches only the changes through the delta link', async () => {
    for (let i = 0; i < 250; i++) w.stub.putUser(stubUser(i));
    const first = await w.graph.sync.run();
    expect(first).toMatchObject({ full: true, created: 250, pages: 3 });
    const before = w.stub.count('GET', /^\/users\/delta$/);

    w.stub.putUser(
      stubUser(7, { displayName: 'Renamed Person', department: 'Pharmacy', officeLocation: undefined }),
    );
    w.stub.putUser(stubUser(300));
    w.stub.removeUser(stubUser(9).id);
    w.stub.group(GROUPS.helpdesk).add(stubUser(20).id); // a role change with no change to the user object

    const second = await w.graph.sync.run();

    expect(w.stub.count('GET', /^\/users\/delta$/) - before).toBe(1);
    expect(second).toMatchObject({
      full: false,
      users: 2,
      created: 1,
      updated: 1,
      removed: 1,
      roleChanges: 1,
    });
    expect(await w.staff.findByAadObjectId(stubUser(7).id)).toMatchObject({
      displayName: 'Renamed Person',
      orgUnit: 'Pharmacy',
    });
    expect((await w.staff.findByAadObjectId(stubUser(20).id))?.role).toBe('helpdesk');
    const removed = await w.audit.listByAction('directory.removed', 10);
    expect(removed.map((r) => r.target)).toEqual([stubUser(9).id]);
    const third = await w.graph.sync.run();
    expect(third).toMatchObject({ full: false, users: 0, created: 0, updated: 0 });
  });

  it('when the stored delta link has expired, then the sync falls back to a full read', async () => {
    for (let i = 0; i < 30; i++) w.stub.putUser(stubUser(i));
    await w.graph.sync.run();
    const state = await w.graph.status.freshness(w.clock.now());
    expect(state.text).toBe('directory as of just now');
    // Simulate Graph forgetting the sync state.
    await new DocumentDirectorySyncStateRepository(w.store).save('graph', {
      deltaToken: `${w.stub.baseUrl}/v1.0/users/delta?$deltatoken=expired`,
    });
    const report = await w.graph.sync.run();
    expect(report).toMatchObject({ full: true, users: 30, unchanged: 30 });
  });
});
