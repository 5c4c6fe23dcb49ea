import { ConcurrencyError } from '../../../src/errors';
import { createAdminWorld, type AdminWorld } from './admin-fixtures';

const HOUR = 3600_000;
let w: AdminWorld;

beforeEach(async () => {
  w = createAdminWorld();
  await w.add({ upn: 'global@x', role: 'globalAdmin', organisation: 'ORG-Z' });
  await w.add({ upn: 'local@a', role: 'localAdmin', organisation: 'ORG-A' });
  await w.add({ upn: 'help@x', role: 'helpdesk', organisation: 'ORG-Z' });
  await w.add({ upn: 'jane@a', displayName: 'Jane Smith', organisation: 'ORG-A' });
  await w.add({ upn: 'bob@b', displayName: 'Bob Jones', organisation: 'ORG-B' });
});

describe('AdminService', () => {
  it('when a local admin disables someone in their organisation, then status is Admin Disabled and it is audited with the reason', async () => {
    const r = await w.service.disable(await w.actor('local@a'), await w.get('jane@a'), 'left the trust');
    expect(r.kind).toBe('changed');
    expect((await w.get('jane@a')).mfaStatus).toBe('Admin Disabled');
    const [rec] = await w.audit.listForTarget((await w.get('jane@a')).aadObjectId, 5);
    expect(rec).toMatchObject({
      action: 'mfa.disable',
      outcome: 'success',
      reason: 'left the trust',
      actorUpn: 'local@a',
    });
    expect(rec.before).toMatchObject({ mfaStatus: 'Admin Enabled' });
    expect(rec.after).toMatchObject({ mfaStatus: 'Admin Disabled' });
  });

  it('when a local admin targets another organisation, then it is refused as out of scope and the refusal is audited', async () => {
    const bob = await w.get('bob@b');
    const r = await w.service.disable(await w.actor('local@a'), bob, 'x');
    expect(r).toMatchObject({ kind: 'refused', why: 'scope' });
    expect((await w.get('bob@b')).mfaStatus).toBe('Admin Enabled');
    const [rec] = await w.audit.listForTarget(bob.aadObjectId, 5);
    expect(rec).toMatchObject({ action: 'mfa.disable', outcome: 'refused' });
  });

  it('when enabling someone already enabled, then nothing is written', async () => {
    const jane = await w.get('jane@a');
    const r = await w.service.enable(await w.actor('global@x'), jane);
    expect(r.kind).toBe('unchanged');
    expect((await w.get('jane@a')).version).toBe(jane.version);
  });

  it('when a 24h exception is granted, then the status shows it, the expiry is in Europe/London, and the user is told', async () => {
    const r = await w.service.grantException(
      await w.actor('help@x'),
      await w.get('jane@a'),
      '24h',
      'lost phone',
    );
    expect(r.kind).toBe('changed');
    const jane = await w.get('jane@a');
    expect(jane.mfaStatus).toBe('MFA 24 Hour Exception');
    expect(jane.exception?.expiresAt.toISOString()).toBe('2026-03-29T12:00:00.000Z');
    // 29 March 2026 is after the clocks go forward: 13:00 BST.
    expect(w.messenger.to(jane.aadObjectId)[0]).toMatch(
      /24-hour MFA exception until Sun,? 29 Mar 2026,? 13:00 BST/,
    );
  });

  it('when the helpdesk tries a 180-day exception, then the role refuses it', async () => {
    const r = await w.service.grantException(await w.actor('help@x'), await w.get('jane@a'), '180d', 'x');
    expect(r).toMatchObject({ kind: 'refused', why: 'role' });
  });

  it('when an exception is extended, then it is a new exception from now, audited as an extension', async () => {
    const admin = await w.actor('global@x');
    await w.service.grantException(admin, await w.get('jane@a'), '24h', 'first');
    w.clock.advance(10 * HOUR);
    await w.service.grantException(admin, await w.get('jane@a'), '24h', 'still no phone');
    const jane = await w.get('jane@a');
    expect(jane.exception?.expiresAt.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(jane.exception?.reason).toBe('still no phone');
    const actions = (await w.audit.listForTarget(jane.aadObjectId, 5)).map((a) => a.action);
    expect(actions).toEqual(['exception.extend', 'exception.grant']);
  });

  it('when the account is compromised, then it cannot be excepted until cleared', async () => {
    const admin = await w.actor('global@x');
    await w.service.setCompromised(admin, await w.get('jane@a'), true);
    expect((await w.get('jane@a')).mfaStatus).toBe('MFA Enforced Compromised');
    const r = await w.service.grantException(admin, await w.get('jane@a'), '24h', 'please');
    expect(r).toMatchObject({ kind: 'refused', why: 'compromised' });
    await w.service.setCompromised(admin, await w.get('jane@a'), false);
    expect((await w.service.grantException(admin, await w.get('jane@a'), '24h', 'ok now')).kind).toBe(
      'changed',
    );
  });

  it('when compromised is set, then methods are cleared, enrolment restarts and any exception is removed', async () => {
    const admin = await w.actor('global@x');
    await w.add(
      { upn: 'kim@a' },
      { methods: ['PhoneAppOTP'], registeredAt: w.clock.now(), enrolment: { step: 'done' } },
    );
    await w.service.grantException(admin, await w.get('kim@a'), '180d', 'travel');
    await w.service.setCompromised(admin, await w.get('kim@a'), true);
    const kim = await w.get('kim@a');
    expect(kim).toMatchObject({ compromised: true, methods: [], enrolment: { step: 'not-started' } });
    expect(kim.exception).toBeUndefined();
    expect(kim.registeredAt).toBeUndefined();
  });

  it('when a user is re-enrolled, then methods are cleared, the step reset and the user told', async () => {
    await w.add({ upn: 'lee@a' }, { methods: ['SMS'], enrolment: { step: 'done' } });
    const r = await w.service.reenrol(await w.actor('local@a'), await w.get('lee@a'));
    expect(r).toMatchObject({ kind: 'changed', told: 'sent' });
    expect(await w.get('lee@a')).toMatchObject({ methods: [], enrolment: { step: 'not-started' } });
  });

  it('when an exception is revoked, then the previous status returns; revoking again changes nothing', async () => {
    const admin = await w.actor('global@x');
    await w.service.disable(admin, await w.get('jane@a'), 'leave');
    await w.service.grantException(admin, await w.get('jane@a'), '180d', 'x');
    expect((await w.service.revokeException(admin, await w.get('jane@a'))).kind).toBe('changed');
    expect((await w.get('jane@a')).mfaStatus).toBe('Admin Disabled');
    expect((await w.service.revokeException(admin, await w.get('jane@a'))).kind).toBe('unchanged');
  });

  it('when two admins change the same person at once, then one succeeds and the other gets "changed meanwhile"', async () => {
    const jane = await w.get('jane@a');
    const results = await Promise.allSettled([
      w.service.disable(await w.actor('local@a'), jane, 'one'),
      w.service.grantException(await w.actor('global@x'), jane, '24h', 'two'),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toBeInstanceOf(ConcurrencyError);
    expect((failed[0].reason as Error).message).toMatch(/changed by someone else meanwhile/);
    const outcomes = (await w.audit.listForTarget(jane.aadObjectId, 5)).map((a) => a.outcome).sort();
    expect(outcomes).toEqual(['failed', 'success']);
    expect((await w.get('jane@a')).version).toBe(jane.version + 1);
  });

  it('when an admin changes their own account, then it is refused', async () => {
    const me = await w.actor('global@x');
    expect(await w.service.disable(me, await w.get('global@x'), 'x')).toMatchObject({
      kind: 'refused',
      why: 'self',
    });
  });

  it('when the audit trail is asked for, then the newest changes come first (at most 20)', async () => {
    const admin = await w.actor('global@x');
    for (let i = 0; i < 12; i++) {
      await w.service.disable(admin, await w.get('jane@a'), `r${i}`);
      w.clock.advance(1000);
      await w.service.enable(admin, await w.get('jane@a'));
      w.clock.advance(1000);
    }
    const trail = await w.service.auditTrail(admin, await w.get('jane@a'));
    expect(Array.isArray(trail) && trail.length).toBe(20);
    expect(Array.isArray(trail) && trail[0].action).toBe('mfa.enable');
  });
});

describe('UserResolver', () => {
  it('when a UPN, a unique name or an ambiguous name is given, then found / found / a choice list', async () => {
    await w.add({ upn: 'jane.smith2@b', displayName: 'Jane Smithson', organisation: 'ORG-B' });
    expect(await w.resolver.resolve('JANE@A')).toMatchObject({ kind: 'found', member: { upn: 'jane@a' } });
    expect(await w.resolver.resolve('bob jones')).toMatchObject({ kind: 'found', member: { upn: 'bob@b' } });
    expect(await w.resolver.resolve('Jane Smith')).toMatchObject({
      kind: 'found',
      member: { upn: 'jane@a' },
    });
    const many = await w.resolver.resolve('jane');
    expect(many.kind).toBe('many');
    expect(many.kind === 'many' && many.candidates.map((c) => c.upn).sort()).toEqual([
      'jane.smith2@b',
      'jane@a',
    ]);
    expect(await w.resolver.resolve('nobody')).toEqual({ kind: 'none' });
  });
});
