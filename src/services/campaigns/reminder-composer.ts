import type { Campaign } from '../../domain/campaign';
import type { StaffMember } from '../../domain/staff';
import type { OutgoingMessage } from '../../ports/messenger';

/** What the reminder message needs to know; the bot layer turns it into a card. */
export interface ReminderContext {
  campaign: Campaign;
  staff: StaffMember;
  reminder: string;
  snoozesUsed: number;
  now: Date;
}

export type ReminderComposer = (ctx: ReminderContext) => OutgoingMessage;
