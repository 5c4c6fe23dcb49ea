import { AdminService } from '../../../src/services/admin/admin-service';
import { actorFrom } from '../../../src/services/admin/admin-actor';
import { expireExceptions } from '../../../src/services/sweeper/exception-expiry';
import { FakeMessenger } from '../admin/admin-fixtures';
import {
  createGraphWorld,
  GROUPS,
  guardNetwork,
  releaseNetwork,
  stubUser,
  type GraphWorld,
} from './graph-fixture';

const HOUR = 3_600_000;

describe('MFA policy groups in the tenant follow admin changes (Graph stub)', () => {
  let w: GraphWorld;
  let admin: AdminService;
  let messenger: FakeMessenger;
  const jane = stubUser(2, { displayName: 'Jane Smith', companyName: 'North' });
  const boss = stubUser(1, { displayName: 'Global Admin' });

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    messenger = new FakeMessenger();
    w = await createGraphWorld({ extra: { GRAPH_TAP_LIFETIME_MINUTES: '60' }, messenger });
    w.stub.putUser(boss);
    w.stub.putUser(jane);
    w.stub.group(GROUPS.globalAdmins).add(boss.id);
    await w.graph.sync.run();
    admin = new AdminService({
      staff: w.staff,
      audit: w.audit,
      messenger,
      clock: w.clock,
      timezone: 'Europe/London',
      policy: w.graph.policy,
    });
  });
  afterEach(async () => {
    await w.close();
  });

  const member = async (id: string) => {
    const s = await w.staff.findByAadObjectId(id);
    if (!s) throw new Error('missing');
    return s;
  };
  const actor = async () => actorFrom(await member(boss.id));

  it('when an admin disables and then enables MFA, then the person leaves and rejoins the MFA policy group, audited', async () => {
    w.stub.group(GROUPS.mfaPolicy).add(jane.id);

    await admin.disable(await actor(), await member(jane.id), 'clinical system cannot prompt');
    expect(w.stub.group(GROUPS.mfaPolicy).has(jane.id)).toBe(false);

    await admin.enable(await actor(), await member(jane.id));
    expect(w.stub.group(GROUPS.mfaPolicy).has(jane.id)).toBe(true);

    const adds = await w.audit.listByAction('graph.group.add', 10);
    const removes = await w.audit.listByAction('graph.group.remove', 10);
    expect(removes[0]).toMatchObject({ actor: boss.id, target: jane.id, outcome: 'success' });
    expect(adds[0]).toMatchObject({
      actor: boss.id,
      target: jane.id,
      outcome: 'success',
      after: { group: 'mfaPolicy', result: 'changed' },
    });
  });

  it('when a membership is already as wanted, then the write still succeeds (idempotent: already a member / not a member)', async () => {
    const target = { aadObjectId: jane.id, upn: jane.userPrincipalName };
    const by = { id: 'system' };
    await expect(w.graph.policyGroups.applyMfaEnabled(target, true, by)).resolves.toBe('changed');
    await expect(w.graph.policyGroups.applyMfaEnabled(target, true, by)).resolves.toBe('unchanged');
    await expect(w.graph.policyGroups.applyException(target, false, by)).resolves.toBe('unchanged');
    expect(w.stub.group(GROUPS.mfaPolicy).has(jane.id)).toBe(true);
  });

  it('when an exception is granted and later expires, then the person joins and then leaves the exception group', async () => {
    await admin.grantException(await actor(), await member(jane.id), '24h', 'lost phone, new one tomorrow');
    expect(w.stub.group(GROUPS.mfaException).has(jane.id)).toBe(true);

    w.clock.advance(25 * HOUR);
    const expired = await expireExceptions(
      {
        staff: w.staff,
        audit: w.audit,
        messenger: new FakeMessenger(),
        timezone: 'Europe/London',
        policy: w.graph.policy,
      },
      w.clock.now(),
    );

    expect(expired).toBe(1);
    expect(w.stub.group(GROUPS.mfaException).has(jane.id)).toBe(false);
    const [removal] = await w.audit.listByAction('graph.group.remove', 1);
    expect(removal).toMatchObject({ actor: 'system', target: jane.id, after: { group: 'mfaException' } });
  });

  it('when an admin asks for re-enrolment, then the registered methods are deleted in the tenant (not the password)', async () => {
    w.stub.methods.set(jane.id, [
      { id: 'pw', '@odata.type': '#microsoft.graph.passwordAuthenticationMethod' },
      { id: 'ph', '@odata.type': '#microsoft.graph.phoneAuthenticationMethod' },
      { id: 'ma', '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod' },
    ]);

    await admin.reenrol(await actor(), await member(jane.id));

    // What is left: the password, and the Temporary Access Pass re-enrolment then created (GRAPH_TAP_LIFETIME_MINUTES).
    expect(w.stub.methods.get(jane.id)?.map((m) => m.id)).toEqual(['pw', 'tap-1']);
    const deletes = w.stub.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deletes).toEqual([
      `/users/${jane.id}/authentication/microsoftAuthenticatorMethods/ma`,
      `/users/${jane.id}/authentication/phoneMethods/ph`,
    ]);
    const [audit] = await w.audit.listByAction('graph.methods.delete', 1);
    expect(audit).toMatchObject({ target: jane.id, after: { deleted: 2 }, outcome: 'success' });
  });

  it('when an admin asks for re-enrolment with passes configured, then only that admin is sent the one-time pass', async () => {
    await admin.reenrol(await actor(), await member(jane.id));

    const toAdmin = messenger.to(boss.id).join('\n');
    expect(toAdmin).toMatch(/Temporary Access Pass for Jane Smith: \*\*TAP-SECRET-123\*\*/);
    expect(messenger.to(jane.id).join('\n')).not.toContain('TAP-SECRET-123');
    const audits = await w.audit.listForTarget(jane.id, 50);
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['graph.tap.create', 'graph.methods.delete']),
    );
    expect(JSON.stringify(audits)).not.toContain('TAP-SECRET-123');
  });

  it('when a Temporary Access Pass is configured, then one is created and the pass never reaches the audit log', async () => {
    const tap = await w.graph.policyGroups.createTemporaryAccessPass(
      { aadObjectId: jane.id, upn: jane.userPrincipalName },
      { id: boss.id },
    );
    expect(tap?.passCode).toBe('TAP-SECRET-123');
    expect(tap?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    const [audit] = await w.audit.listByAction('graph.tap.create', 1);
    expect(JSON.stringify(audit)).not.toContain('TAP-SECRET-123');
  });

  it('when many memberships change at once, then they go in JSON batches of at most 20, and throttled ones are retried', async () => {
    const people = Array.from({ length: 45 }, (_, i) => stubUser(100 + i));
    for (const p of people) w.stub.putUser(p);
    w.stub.throttle(3, 1, /\/groups\/.*\/members\/\$ref$/);
    const changes = people.map((p) => ({
      user: { aadObjectId: p.id, upn: p.userPrincipalName },
      group: 'mfaPolicy' as const,
      member: true,
    }));

    const outcomes = await w.graph.policyGroups.applyMany(changes, { id: 'system' });

    expect(outcomes.every((o) => o === 'changed')).toBe(true);
    expect(w.stub.group(GROUPS.mfaPolicy).size).toBe(45);
    expect(w.stub.count('POST', /^\/\$batch$/)).toBe(4); // 20 + 20 + 5, plus one retry of the 3 throttled
    expect(w.sleeps).toEqual([1000]);
  });
});
