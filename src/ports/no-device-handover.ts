import type { ConversationReference } from 'botbuilder';
import type { StaffMember } from '../domain/staff';

/**
 * Hands someone with no mobile device to the helpdesk. Implemented over the helpdesk tickets
 * (TicketService, kind 'no-device') or, without them, over the enrolment's own request store.
 * At most one open request per person: asking again returns created=false.
 */
export interface NoDeviceHandover {
  open(
    staff: StaffMember,
    now: Date,
    conversation?: Partial<ConversationReference>,
  ): Promise<{ created: boolean; reference?: string }>;
}
