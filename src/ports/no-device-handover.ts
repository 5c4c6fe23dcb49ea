import type { ConversationReference } from 'botbuilder';
import type { StaffMember } from '../domain/staff';

/**
 * Hands someone with no mobile device to the helpdesk (implemented over TicketService: a 'no-device'
 * ticket). At most one open request per person: asking again returns created=false.
 */
export interface NoDeviceHandover {
  open(
    staff: StaffMember,
    now: Date,
    conversation?: Partial<ConversationReference>,
  ): Promise<{ created: boolean; reference?: string }>;
}
