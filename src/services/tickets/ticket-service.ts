import type { ConversationReference } from 'botbuilder';
import { authorise, organisationsInScope } from '../../domain/permissions';
import type { Role } from '../../domain/staff';
import { AppError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { Messenger, OutgoingMessage, SendOutcome } from '../../ports/messenger';
import type {
  NewTicket,
  Ticket,
  TicketPerson,
  TicketRepository,
  TicketState,
} from '../../ports/ticket-repository';
import { tickets as text } from '../../strings';

/** How tickets look to people; the bot layer supplies it (cards live in cards/, rendered in src/bot). */
export interface TicketPresenter {
  /** The card posted to, and refreshed in, the helpdesk conversation. */
  helpdeskCard(ticket: Ticket): OutgoingMessage;
}

export interface TicketServiceDeps {
  tickets: TicketRepository;
  messenger: Messenger;
  clock: Clock;
  presenter: TicketPresenter;
  audit?: AuditLog;
  /** Where new tickets are posted (HELPDESK_CONVERSATION); undefined lists them with the `tickets` command only. */
  helpdeskConversation?: (ticket: Ticket) => Partial<ConversationReference> | undefined;
}

/** Whoever works on tickets: the person pressing, with the role and organisation the directory gives them. */
export interface TicketHelper extends TicketPerson {
  role: Role;
  organisation: string;
}

/** A helper tried to act on a ticket whose asker is outside their organisation (audited as refused). */
export class TicketOutOfScopeError extends AppError {
  constructor(public readonly ticket: Ticket) {
    super('FORBIDDEN', text.outOfScope);
    this.name = 'TicketOutOfScopeError';
  }
}

export class TicketConflictError extends AppError {
  constructor(public readonly ticket: Ticket) {
    super('CONCURRENT_CHANGE', `Ticket ${ticket.ref} was changed by someone else meanwhile.`);
    this.name = 'TicketConflictError';
  }
}

export interface OpenedTicket {
  ticket: Ticket;
  created: boolean;
  /** Whether the card reached the helpdesk conversation ('not-configured' without one). */
  posted: SendOutcome | 'not-configured' | 'not-posted';
}

/**
 * Helpdesk escalation ("ask an expert"): open -> assigned -> closed, every step a single guarded update.
 * The asker is told proactively when their ticket is picked up and when it is answered.
 * The enrolment flow opens the other kinds (one open per person and kind): src/ports/helpdesk-handover.ts.
 */
export class TicketService {
  constructor(private readonly deps: TicketServiceDeps) {}

  async open(input: NewTicket): Promise<OpenedTicket> {
    const question = input.question.trim().slice(0, 1000);
    if (question.length === 0) throw new AppError('VALIDATION', 'A ticket needs a question.');
    const now = this.deps.clock.now();
    const { ticket, created } = await this.deps.tickets.create({ ...input, question }, now, {
      oncePerAsker: input.kind !== 'question',
    });
    if (!created) return { ticket, created, posted: 'not-posted' };
    await this.audit('ticket.open', input.asker, ticket);
    const target = this.deps.helpdeskConversation?.(ticket);
    const posted = target
      ? await this.deps.messenger.sendToConversation(target, this.deps.presenter.helpdeskCard(ticket))
      : 'not-configured';
    return { ticket, created, posted };
  }

  get(id: string): Promise<Ticket | null> {
    return this.deps.tickets.get(id);
  }

  /** Every ticket in `states`, whoever asked (operators and tests; people use listFor). */
  list(states: readonly TicketState[] = ['open', 'assigned'], limit = 20): Promise<Ticket[]> {
    return this.deps.tickets.list({ states }, limit);
  }

  /**
   * The tickets `viewer` may see: helpdesk and global admins every organisation's, local admins only those
   * asked by staff of their own organisation (src/domain/permissions.ts, operation 'tickets').
   */
  listFor(
    viewer: TicketHelper,
    states: readonly TicketState[] = ['open', 'assigned'],
    limit = 20,
  ): Promise<Ticket[]> {
    const organisations = organisationsInScope(viewer, 'tickets');
    return this.deps.tickets.list({ states, ...(organisations ? { organisations } : {}) }, limit);
  }

  /**
   * The helper takes an open ticket. Concurrent presses: exactly one wins, the others get TicketConflictError.
   * A ticket outside the helper's organisation scope is refused (TicketOutOfScopeError, audited).
   */
  async assign(id: string, helper: TicketHelper, expectedVersion?: number): Promise<Ticket> {
    const ticket = await this.move(id, helper, 'ticket.assign', ['open'], expectedVersion, {
      state: 'assigned',
      assignee: personOf(helper),
      assignedAt: this.deps.clock.now(),
    });
    await this.audit('ticket.assign', helper, ticket);
    await this.tellAsker(ticket, text.assignedToAsker(ticket.ref, helper.displayName ?? text.someone));
    return ticket;
  }

  /** Closes an open or assigned ticket with an answer, which is sent to the asker. */
  async close(
    id: string,
    helper: TicketHelper,
    answer: string,
    expectedVersion?: number,
  ): Promise<{ ticket: Ticket; delivered: SendOutcome }> {
    const trimmed = answer.trim().slice(0, 2000);
    if (trimmed.length === 0) throw new AppError('VALIDATION', text.answerRequired);
    const now = this.deps.clock.now();
    const ticket = await this.move(id, helper, 'ticket.close', ['open', 'assigned'], expectedVersion, {
      state: 'closed',
      closedBy: personOf(helper),
      closedAt: now,
      answer: trimmed,
    });
    await this.audit('ticket.close', helper, ticket);
    const delivered = await this.tellAsker(
      ticket,
      text.closedToAsker(ticket.ref, helper.displayName ?? text.someone, trimmed),
    );
    return { ticket, delivered };
  }

  /** One guarded update: state, version and the helper's organisation scope; the ticket is read only when it fails. */
  private async move(
    id: string,
    helper: TicketHelper,
    action: string,
    from: readonly TicketState[],
    expectedVersion: number | undefined,
    change: Parameters<TicketRepository['transition']>[2],
  ): Promise<Ticket> {
    if (authorise(helper, 'tickets').allowed === false) throw new AppError('FORBIDDEN');
    const organisations = organisationsInScope(helper, 'tickets');
    const moved = await this.deps.tickets.transition(
      id,
      { from, expectedVersion, ...(organisations ? { organisations } : {}) },
      change,
      this.deps.clock.now(),
    );
    if (moved) return moved;
    const current = await this.deps.tickets.get(id);
    if (!current) throw new AppError('NOT_FOUND', text.notFound);
    const scope = authorise(helper, 'tickets', { organisation: current.asker.organisation ?? '' });
    if (!scope.allowed) {
      await this.audit(action, helper, current, { outcome: 'refused', reason: 'scope' });
      throw new TicketOutOfScopeError(current);
    }
    throw new TicketConflictError(current);
  }

  /** Personal chat first; the conversation the question came from when there is no personal reference. */
  private async tellAsker(ticket: Ticket, message: string): Promise<SendOutcome> {
    const outcome = await this.deps.messenger.sendToUser(ticket.asker.aadObjectId, message);
    if (outcome === 'no-reference' && ticket.conversation) {
      return this.deps.messenger.sendToConversation(ticket.conversation, message);
    }
    return outcome;
  }

  private async audit(
    action: string,
    actor: TicketPerson,
    ticket: Ticket,
    result: { outcome: 'success' | 'refused'; reason?: string } = { outcome: 'success' },
  ): Promise<void> {
    await this.deps.audit?.append({
      at: this.deps.clock.now(),
      actor: actor.aadObjectId,
      actorUpn: actor.upn,
      action,
      target: ticket.asker.aadObjectId,
      targetUpn: ticket.asker.upn,
      after: { ticket: ticket.ref, kind: ticket.kind, state: ticket.state },
      ...result,
    });
  }
}

/** What a ticket keeps about a helper: who they are, not their role. */
function personOf(helper: TicketHelper): TicketPerson {
  return {
    aadObjectId: helper.aadObjectId,
    ...(helper.displayName !== undefined ? { displayName: helper.displayName } : {}),
    ...(helper.upn !== undefined ? { upn: helper.upn } : {}),
  };
}
