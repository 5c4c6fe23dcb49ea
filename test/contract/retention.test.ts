import { DocumentAuditLog } from '../../src/adapters/store/audit-log';
import { DocumentTicketRepository } from '../../src/adapters/store/ticket-repository';
import { DocumentLeaseRepository } from '../../src/adapters/store/lease-repository';
import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { Messenger } from '../../src/ports/messenger';
import { ExceptionSweeper } from '../../src/services/sweeper/exception-sweeper';
import { describeEachStore } from '../support/store-factories';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-23T09:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
const asker = { aadObjectId: 'aad-asker', upn: 'asker@example.org' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describeEachStore('Retention (AUDIT_RETENTION_DAYS, TICKET_RETENTION_DAYS)', ({ store }) => {
  let audit: DocumentAuditLog;
  let tickets: DocumentTicketRepository;
  let now: Date;

  beforeEach(() => {
    audit = new DocumentAuditLog(store());
    tickets = new DocumentTicketRepository(store());
    now = NOW;
  });

  const record = (at: Date, target: string) =>
    audit.append({ at, actor: 'aad-admin', action: 'mfa.enable', target, outcome: 'success' });

  async function closedTicket(closedAt: Date, question: string) {
    const { ticket } = await tickets.create({ kind: 'question', question, asker }, daysAgo(800));
    await tickets.transition(ticket.id, { from: ['open'] }, { state: 'closed', closedAt }, closedAt);
    return ticket.id;
  }

  function sweeper(auditDays: number, ticketDays: number) {
    return new ExceptionSweeper({
      staff: new DocumentStaffRepository(store()),
      audit,
      messenger: { sendToUser: async () => 'sent' } as unknown as Messenger,
      clock: { now: () => now },
      leases: new DocumentLeaseRepository(store()),
      timezone: 'Europe/London',
      logger: silent,
      retention: [
        { name: 'audit', target: audit, days: auditDays },
        { name: 'closedTickets', target: tickets, days: ticketDays },
      ],
    });
  }

  it('when the sweeper runs, then audit records older than the retention are deleted and newer ones stay', async () => {
    await record(daysAgo(401), 'aad-old');
    await record(daysAgo(399), 'aad-recent');
    const result = await sweeper(400, 365).sweepOnce();
    expect(result).toMatchObject({ ran: true, purged: { audit: 1, closedTickets: 0 } });
    expect(await audit.listForTarget('aad-old', 10)).toEqual([]);
    expect(await audit.listForTarget('aad-recent', 10)).toHaveLength(1);
  });

  it('when tickets were closed long ago, then they are deleted, while open tickets stay however old', async () => {
    const old = await closedTicket(daysAgo(366), 'closed long ago');
    const recent = await closedTicket(daysAgo(10), 'closed lately');
    const { ticket: open } = await tickets.create(
      { kind: 'no-device', question: 'still open', asker },
      daysAgo(900),
    );
    await sweeper(400, 365).sweepOnce();
    expect(await tickets.get(old)).toBeNull();
    expect(await tickets.get(recent)).not.toBeNull();
    expect(await tickets.get(open.id)).not.toBeNull();
  });

  it('when a retention is 0, then nothing of that kind is ever deleted', async () => {
    await record(daysAgo(5000), 'aad-ancient');
    const result = await sweeper(0, 0).sweepOnce();
    expect(result).toMatchObject({ ran: true, purged: {} });
    expect(await audit.listForTarget('aad-ancient', 10)).toHaveLength(1);
  });

  it('when the sweeper runs every minute, then retention runs at most once an hour', async () => {
    const s = sweeper(400, 365);
    await s.sweepOnce();
    await record(daysAgo(401), 'aad-later');
    now = new Date(NOW.getTime() + 59 * 60 * 1000);
    expect(await s.sweepOnce()).not.toHaveProperty('purged');
    expect(await audit.listForTarget('aad-later', 10)).toHaveLength(1);
    now = new Date(NOW.getTime() + 61 * 60 * 1000);
    expect(await s.sweepOnce()).toMatchObject({ purged: { audit: 1 } });
  });
});
