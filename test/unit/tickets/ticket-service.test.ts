import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentTicketRepository } from '../../../src/adapters/store/ticket-repository';
import {
  TicketConflictError,
  TicketOutOfScopeError,
  TicketService,
} from '../../../src/services/tickets/ticket-service';
import { DocumentAuditLog } from '../../../src/adapters/store/audit-log';
import type { Ticket } from '../../../src/ports/ticket-repository';
import { ManualClock, RecordingMessenger } from './fakes';

const asker = {
  aadObjectId: 'asker-1',
  displayName: 'Ada Asker',
  upn: 'ada@example.org',
  organisation: 'Org A',
};
const helper = {
  aadObjectId: 'help-1',
  displayName: 'Hal Helpdesk',
  role: 'helpdesk',
  organisation: 'Org H',
} as const;
const other = {
  aadObjectId: 'help-2',
  displayName: 'Olga Other',
  role: 'helpdesk',
  organisation: 'Org H',
} as const;
const localAdminB = {
  aadObjectId: 'ladmin-b',
  displayName: 'Bea Local',
  role: 'localAdmin',
  organisation: 'Org B',
} as const;
const localAdminA = {
  aadObjectId: 'ladmin-a',
  displayName: 'Al Local',
  role: 'localAdmin',
  organisation: 'Org A',
} as const;
const globalAdmin = {
  aadObjectId: 'gadmin',
  displayName: 'Gil Global',
  role: 'globalAdmin',
  organisation: 'Org G',
} as const;
const helperPerson = { aadObjectId: 'help-1', displayName: 'Hal Helpdesk' };
const askedIn = { conversation: { id: 'personal-chat-1' }, serviceUrl: 'https://smba.example/' } as never;

function setup(opts: { helpdesk?: boolean; withoutReference?: string[] } = {}) {
  const store = new EmbeddedDocumentStore({ inMemory: true });
  const messenger = new RecordingMessenger(opts.withoutReference);
  const clock = new ManualClock();
  const audit = new DocumentAuditLog(store);
  const service = new TicketService({
    audit,
    tickets: new DocumentTicketRepository(store),
    messenger,
    clock,
    presenter: { helpdeskCard: (t: Ticket) => `card for ${t.ref} (${t.state})` },
    helpdeskConversation: opts.helpdesk
      ? () => ({ conversation: { id: '19:helpdesk@thread' } }) as never
      : undefined,
  });
  return { store, messenger, clock, service, audit };
}

describe('TicketService', () => {
  it('when a question is escalated, then an open ticket stores the question, asker, conversation and time', async () => {
    const { service, clock } = setup();
    const { ticket, created, posted } = await service.open({
      kind: 'question',
      question: ' Can I use a pager? ',
      asker,
      conversation: askedIn,
    });
    expect(created).toBe(true);
    expect(posted).toBe('not-configured');
    expect(ticket).toMatchObject({
      kind: 'question',
      state: 'open',
      question: 'Can I use a pager?',
      asker,
      version: 1,
    });
    expect(ticket.ref).toMatch(/^T-[2-9A-Z]{5}$/);
    expect(ticket.createdAt).toEqual(clock.now());
    expect(ticket.conversation).toEqual(askedIn);
    expect(await service.get(ticket.id)).toEqual(ticket);
  });

  it('when a helpdesk conversation is configured, then the ticket card is posted there', async () => {
    const { service, messenger } = setup({ helpdesk: true });
    const { ticket, posted } = await service.open({ kind: 'question', question: 'Help', asker });
    expect(posted).toBe('sent');
    expect(messenger.toConversations).toEqual([
      { reference: { conversation: { id: '19:helpdesk@thread' } }, message: `card for ${ticket.ref} (open)` },
    ]);
  });

  it('when a helper assigns then closes a ticket, then the asker is told each time and the times are kept', async () => {
    const { service, messenger, clock } = setup();
    const { ticket } = await service.open({ kind: 'question', question: 'Help', asker });
    clock.advance(60_000);
    const assigned = await service.assign(ticket.id, helper, ticket.version);
    expect(assigned).toMatchObject({ state: 'assigned', assignee: helperPerson, version: 2 });
    expect(assigned.assignedAt).toEqual(clock.now());
    clock.advance(60_000);
    const { ticket: closed, delivered } = await service.close(
      ticket.id,
      helper,
      'Use the voice call option.',
    );
    expect(delivered).toBe('sent');
    expect(closed).toMatchObject({
      state: 'closed',
      closedBy: helperPerson,
      answer: 'Use the voice call option.',
      version: 3,
    });
    expect(closed.closedAt).toEqual(clock.now());
    expect(messenger.toUsers.map((m) => m.aadObjectId)).toEqual(['asker-1', 'asker-1']);
    expect(messenger.toUsers[0].message).toContain('Hal Helpdesk');
    expect(messenger.toUsers[1].message).toContain('Use the voice call option.');
  });

  it('when two helpers assign the same ticket at once, then exactly one wins and the other gets a conflict', async () => {
    const { service } = setup();
    const { ticket } = await service.open({ kind: 'question', question: 'Help', asker });
    const results = await Promise.allSettled([
      service.assign(ticket.id, helper),
      service.assign(ticket.id, other),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(TicketConflictError);
    const winner = won[0].value.assignee;
    expect((lost[0].reason as TicketConflictError).ticket.assignee).toEqual(winner);
  });

  it('when a card is pressed with an old version, then the change is refused', async () => {
    const { service } = setup();
    const { ticket } = await service.open({ kind: 'question', question: 'Help', asker });
    await service.assign(ticket.id, helper, 1);
    await expect(service.close(ticket.id, other, 'answer', 1)).rejects.toBeInstanceOf(TicketConflictError);
  });

  it('when a ticket is closed, then it cannot be assigned or closed again', async () => {
    const { service } = setup();
    const { ticket } = await service.open({ kind: 'question', question: 'Help', asker });
    await service.close(ticket.id, helper, 'Done');
    await expect(service.assign(ticket.id, other)).rejects.toBeInstanceOf(TicketConflictError);
    await expect(service.close(ticket.id, other, 'Again')).rejects.toBeInstanceOf(TicketConflictError);
  });

  it('when closing without an answer or on an unknown ticket, then it is refused', async () => {
    const { service } = setup();
    const { ticket } = await service.open({ kind: 'question', question: 'Help', asker });
    await expect(service.close(ticket.id, helper, '   ')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(service.assign('no-such-id', helper)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('when the enrolment flow raises "no device" twice for one person, then only one open ticket exists', async () => {
    const { service } = setup();
    const first = await service.open({ kind: 'no-device', question: 'No phone', asker });
    const second = await service.open({ kind: 'no-device', question: 'No phone', asker });
    expect(second).toMatchObject({ created: false, ticket: { id: first.ticket.id } });
    await service.close(first.ticket.id, helper, 'We will post you a token.');
    const third = await service.open({ kind: 'no-device', question: 'No phone', asker });
    expect(third.created).toBe(true);
    expect(await service.list(['open'])).toHaveLength(1);
  });

  it('when the asker has no personal chat with the bot, then the answer goes to the conversation they asked in', async () => {
    const { service, messenger } = setup({ withoutReference: ['asker-1'] });
    const { ticket } = await service.open({
      kind: 'question',
      question: 'Help',
      asker,
      conversation: askedIn,
    });
    await service.close(ticket.id, helper, 'Answer');
    expect(messenger.toConversations).toHaveLength(1);
    expect(messenger.toConversations[0].reference).toEqual(askedIn);
  });

  describe('organisation scope', () => {
    const askerB = {
      aadObjectId: 'asker-b',
      displayName: 'Bo Other',
      upn: 'bo@b.example',
      organisation: 'Org B',
    };

    it('when a local admin lists tickets, then only those asked by staff of their own organisation appear; the helpdesk and global admins see all', async () => {
      const { service } = setup();
      const a = await service.open({ kind: 'question', question: 'From A', asker });
      const b = await service.open({ kind: 'question', question: 'From B', asker: askerB });
      const ids = async (viewer: Parameters<TicketService['listFor']>[0]) =>
        (await service.listFor(viewer)).map((t) => t.id).sort();
      expect(await ids(localAdminB)).toEqual([b.ticket.id]);
      expect(await ids(localAdminA)).toEqual([a.ticket.id]);
      expect(await ids(helper)).toEqual([a.ticket.id, b.ticket.id].sort());
      expect(await ids(globalAdmin)).toEqual([a.ticket.id, b.ticket.id].sort());
      expect(await ids({ ...helper, role: 'staff' })).toEqual([]);
    });

    it('when a local admin assigns or closes a ticket of another organisation, then it is refused, audited, unchanged and the asker hears nothing', async () => {
      const { service, messenger, audit } = setup();
      const { ticket } = await service.open({ kind: 'question', question: 'From A', asker });
      await expect(service.assign(ticket.id, localAdminB)).rejects.toBeInstanceOf(TicketOutOfScopeError);
      await expect(service.close(ticket.id, localAdminB, 'Not yours')).rejects.toBeInstanceOf(
        TicketOutOfScopeError,
      );
      expect(await service.get(ticket.id)).toEqual(ticket);
      expect(messenger.toUsers).toEqual([]);
      const refusals = (await audit.listForTarget('asker-1', 10)).filter((r) => r.outcome === 'refused');
      expect(refusals.map((r) => [r.actor, r.action, r.reason]).sort()).toEqual([
        ['ladmin-b', 'ticket.assign', 'scope'],
        ['ladmin-b', 'ticket.close', 'scope'],
      ]);
    });

    it("when a local admin of the asker's organisation assigns and closes, then it works", async () => {
      const { service } = setup();
      const { ticket } = await service.open({ kind: 'question', question: 'From A', asker });
      await service.assign(ticket.id, localAdminA);
      const { ticket: closed } = await service.close(ticket.id, localAdminA, 'Sorted');
      expect(closed.state).toBe('closed');
    });
  });
});
