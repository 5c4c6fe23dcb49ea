import type { ConversationReference } from 'botbuilder';
import type { StaffMember } from '../domain/staff';

/**
 * Why the enrolment hands someone to the helpdesk:
 *   no-device        no mobile device for Microsoft Authenticator or phone codes;
 *   access-pass      cannot get into Security info (no method yet, off network, blocked by policy): a
 *                    helpdesk member checks who they are and issues a Temporary Access Pass (`tap`);
 *   phone-conflict   Entra already holds a different mobile number, which the bot never overwrites;
 *   cannot-finish    the bot could not finish in Entra (a permission or tenant setting is missing).
 */
export const HELPDESK_REASONS = ['no-device', 'access-pass', 'phone-conflict', 'cannot-finish'] as const;
export type HelpdeskReason = (typeof HELPDESK_REASONS)[number];

/** Opens a helpdesk request for the person (at most one open per person and reason). */
export interface HelpdeskHandover {
  open(
    staff: StaffMember,
    reason: HelpdeskReason,
    conversation?: Partial<ConversationReference>,
  ): Promise<{ created: boolean; reference?: string }>;
}
