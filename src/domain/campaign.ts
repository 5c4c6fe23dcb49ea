import type { MfaStatus } from './mfa-status';
import type { SendingWindow } from './campaign-schedule';
import { isEnrolled, type StaffMember } from './staff';

/**
 * A reminder campaign and its rules (pure). State machine:
 *   draft --start--> running --pause--> paused --resume--> running
 *   draft | running | paused --cancel--> cancelled;  running | paused --(deadline)--> finished
 */
export const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'cancelled', 'finished'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export type CampaignCommand = 'start' | 'pause' | 'resume' | 'cancel' | 'finish';

export const CAMPAIGN_TRANSITIONS: Readonly<
  Record<CampaignCommand, { from: readonly CampaignState[]; to: CampaignState }>
> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
  finish: { from: ['running', 'paused'], to: 'finished' },
};

/** Who is reminded. Empty lists mean "any". */
export interface CampaignAudience {
  organisations: string[];
  orgUnits: string[];
  statuses: MfaStatus[];
}

export interface Campaign {
  id: string;
  name: string;
  /** Lower-case name: unique. */
  nameKey: string;
  deadline: Date;
  audience: CampaignAudience;
  offsetsDays: number[];
  sendWindow: SendingWindow;
  state: CampaignState;
  /** Set when a local admin created it: the campaign is limited to (and visible only in) this organisation. */
  ownerOrganisation?: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  endedAt?: Date;
  /** Reminders (e.g. 'd7') already enqueued for the whole audience. */
  planned: string[];
  /** When the after-deadline summary went to local admins (sent once). */
  summarySentAt?: Date;
  version: number;
}

export const CAMPAIGN_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$/;

export function campaignNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function hasActiveException(s: Pick<StaffMember, 'exception'>, now: Date): boolean {
  return s.exception !== undefined && s.exception.expiresAt.getTime() > now.getTime();
}

/** Still worth reminding: not enrolled and no unexpired exception. */
export function needsReminder(s: Pick<StaffMember, 'methods' | 'exception'>, now: Date): boolean {
  return !isEnrolled(s) && !hasActiveException(s, now);
}

/** Whether a person falls inside a campaign's audience (the audience query plus the rules above). */
export function inAudience(
  c: Pick<Campaign, 'audience' | 'ownerOrganisation'>,
  s: Pick<StaffMember, 'organisation' | 'orgUnit' | 'mfaStatus' | 'methods' | 'exception'>,
  now: Date,
): boolean {
  const a = c.audience;
  if (c.ownerOrganisation !== undefined && s.organisation !== c.ownerOrganisation) return false;
  if (a.organisations.length > 0 && !a.organisations.includes(s.organisation)) return false;
  if (a.orgUnits.length > 0 && !a.orgUnits.includes(s.orgUnit)) return false;
  if (a.statuses.length > 0 && !a.statuses.includes(s.mfaStatus)) return false;
  return needsReminder(s, now);
}

/** Why a reminder about to go out is not sent after all (re-read right before sending). */
export function skipReason(
  s: Pick<StaffMember, 'methods' | 'exception'> | null,
  now: Date,
): 'not-found' | 'enrolled' | 'excepted' | undefined {
  if (!s) return 'not-found';
  if (isEnrolled(s)) return 'enrolled';
  if (hasActiveException(s, now)) return 'excepted';
  return undefined;
}
