import type { ConversationReference } from 'botbuilder';
import type { StaffMember } from '../../domain/staff';
import type { NoDeviceHandover } from '../../ports/no-device-handover';

export const NO_DEVICE_REASON =
  'No mobile device for Microsoft Authenticator or phone codes: please arrange another way.';

/** The part of TicketService (src/services/tickets) the hand-over needs. */
export interface TicketOpener {
  open(input: {
    kind: 'no-device';
    question: string;
    asker: { aadObjectId: string; displayName?: string; upn?: string };
    conversation?: Partial<ConversationReference>;
  }): Promise<{ ticket: { ref: string }; created: boolean }>;
}

/** A 'no-device' helpdesk ticket: visible to the helpdesk and admins with the other tickets. */
export class TicketNoDeviceHandover implements NoDeviceHandover {
  constructor(private readonly tickets: TicketOpener) {}

  async open(staff: StaffMember, _now: Date, conversation?: Partial<ConversationReference>) {
    const { ticket, created } = await this.tickets.open({
      kind: 'no-device',
      question: NO_DEVICE_REASON,
      asker: { aadObjectId: staff.aadObjectId, displayName: staff.displayName, upn: staff.upn },
      conversation,
    });
    return { created, reference: ticket.ref };
  }
}
