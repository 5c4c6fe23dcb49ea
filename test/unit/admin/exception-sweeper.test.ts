import { DocumentLeaseRepository } from '../../../src/adapters/store/lease-repository';
import { ExceptionSweeper, LEASE_NAME } from '../../../src/services/sweeper/exception-sweeper';
import { createAdminWorld, type AdminWorld } from './admin-fixtures';

const HOUR = 3600_000;
const quiet = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
let w: AdminWorld;
let leases: DocumentLeaseRepository;

const sweeper = (instanceId: string): ExceptionSweeper =>
  new ExceptionSweeper({
    staff: w.staff,
    audit: w.audit,
    messenger: w.messenger,
    clock: w.clock,
    leases,
    timezone: 'Europe/London',
    logger: quiet,
    instanceId,
  });

beforeEach(async () => {
  w = createAdminWorld();
  leases = new DocumentLeaseRepository(w.store);
  await w.add({ upn: 'admin@x', role: 'globalAdmin', organisation: 'ORG-Z' });
  await w.add({ upn: 'jane@a', displayName: 'Jane Smith' });
});

describe('exception expiry sweeper', () => {
  it('when a 24h exception reaches its expiry, then the previous status returns, both people are told and it is audited', async () => {
    const admin = await w.actor('admin@x');
    await w.service.disable(admin, await w.get('jane@a'), 'long leave');
    await w.service.grantException(admin, await w.get('jane@a'), '24h', 'lost phone');
    w.messenger.sent.length = 0;
    const s = sweeper('one');

    w.clock.advance(24 * HOUR - 1000);
    expect(await s.sweepOnce()).toEqual({ ran: true, expired: 0 });
    expect((await w.get('jane@a')).mfaStatus).toBe('MFA 24 Hour Exception');

    w.clock.advance(1000);
    expect(await s.sweepOnce()).toEqual({ ran: true, expired: 1 });
    const jane = await w.get('jane@a');
    expect(jane.mfaStatus).toBe('Admin Disabled');
    expect(jane.exception).toBeUndefined();
    expect(w.messenger.to(jane.aadObjectId)[0]).toMatch(/exception ended at Sun,? 29 Mar 2026,? 13:00 BST/);
    expect(w.messenger.to(admin.aadObjectId)[0]).toMatch(/gave Jane Smith ended .* now Admin Disabled/);
    const [rec] = await w.audit.listForTarget(jane.aadObjectId, 1);
    expect(rec).toMatchObject({ actor: 'system', action: 'exception.expire', outcome: 'success' });
    expect(rec.before).toMatchObject({ mfaStatus: 'MFA 24 Hour Exception' });
    expect(rec.after).toMatchObject({ mfaStatus: 'Admin Disabled' });
  });

  it('when two bot instances sweep at the same moment, then only the lease holder works and each exception ends once', async () => {
    await w.service.grantException(await w.actor('admin@x'), await w.get('jane@a'), '24h', 'x');
    w.clock.advance(25 * HOUR);
    const [a, b] = await Promise.all([sweeper('a').sweepOnce(), sweeper('b').sweepOnce()]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect(await w.audit.listByAction('exception.expire', 10)).toHaveLength(1);
  });

  it('when the lease holder dies, then another instance takes over once the lease expires', async () => {
    const a = sweeper('a');
    const b = sweeper('b');
    expect((await a.sweepOnce()).ran).toBe(true);
    w.clock.advance(60_000);
    expect((await b.sweepOnce()).ran).toBe(false);
    w.clock.advance(2 * 60_000 + 30_000);
    expect((await b.sweepOnce()).ran).toBe(true);
    expect((await leases.get(LEASE_NAME))?.holder).toBe('b');
  });

  it('when a sweeper stops, then it releases the lease for the others at once', async () => {
    const a = sweeper('a');
    await a.sweepOnce();
    await a.stop();
    expect((await sweeper('b').sweepOnce()).ran).toBe(true);
  });

  it('when the bot was down past many expiries, then the first sweep after restart catches up (more than one page)', async () => {
    const admin = await w.actor('admin@x');
    for (let i = 0; i < 230; i++) {
      const s = await w.add({ upn: `p${i}@a` });
      await w.service.grantException(admin, s, '24h', 'x');
    }
    await w.service.grantException(admin, await w.get('jane@a'), '180d', 'long');
    w.clock.advance(3 * 24 * HOUR);
    expect(await sweeper('after-restart').sweepOnce()).toEqual({ ran: true, expired: 230 });
    expect(await w.staff.count({ statuses: ['MFA 24 Hour Exception'] })).toBe(0);
    expect((await w.get('jane@a')).mfaStatus).toBe('MFA Long Term Exception');
  });

  it('when someone changes the person while the sweep runs, then that person is left for the next sweep', async () => {
    await w.service.grantException(await w.actor('admin@x'), await w.get('jane@a'), '24h', 'x');
    w.clock.advance(25 * HOUR);
    const jane = await w.get('jane@a');
    const realList = w.staff.list.bind(w.staff);
    const spy = jest.spyOn(w.staff, 'list').mockImplementationOnce(async (q, o) => {
      const found = await realList(q, o);
      await w.staff.update(jane.aadObjectId, jane.version, { lastReminderAt: w.clock.now() }, w.clock.now());
      return found;
    });
    expect(await sweeper('a').sweepOnce()).toEqual({ ran: true, expired: 0 });
    spy.mockRestore();
    expect(await sweeper('a').sweepOnce()).toEqual({ ran: true, expired: 1 });
  });

  it('when started, then it sweeps at once and then on its interval until stopped', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const s = sweeper('timer');
      const spy = jest.spyOn(s, 'sweepOnce');
      s.start();
      expect(spy).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(spy).toHaveBeenCalledTimes(2);
      await s.stop();
      await jest.advanceTimersByTimeAsync(120_000);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
