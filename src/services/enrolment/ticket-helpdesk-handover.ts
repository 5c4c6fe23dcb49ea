import type { ConversationReference } from 'botbuilder';
import type { StaffMember } from '../../domain/staff';
import type { HelpdeskHandover, HelpdeskReason } from '../../ports/helpdesk-handover';
import { helpdeskRequest } from '../../strings/enrolment';

/** The part of TicketService (src/services/tickets) the hand-over needs. */
export interface TicketOpener {
  open(input: {
    kind: HelpdeskReason;
    question: string;
    asker: { aadObjectId: string; displayName?: string; upn?: string; organisation?: string };
    conversation?: Partial<ConversationReference>;
  }): Promise<{ ticket: { ref: string }; created: boolean }>;
}

/** A helpdesk ticket of the reason's kind: visible to the helpdesk and admins with the other tickets. */
export class TicketHelpdeskHandover implements HelpdeskHandover {
  constructor(private readonly tickets: TicketOpener) {}

  async open(staff: StaffMember, reason: HelpdeskReason, conversation?: Partial<ConversationReference>) {
    const { ticket, created } = await this.tickets.open({
      kind: reason,
      question: helpdeskRequest[reason],
      asker: {
        aadObjectId: staff.aadObjectId,
        displayName: staff.displayName,
        upn: staff.upn,
        organisation: staff.organisation,
      },
      conversation,
    });
    return { created, reference: ticket.ref };
  }
}
