import { needsReminder } from '../../domain/campaign';
import { snooze as decideSnooze } from '../../domain/campaign-schedule';
import type { StaffMember } from '../../domain/staff';
import type { CampaignRepository } from '../../ports/campaign-repository';
import type { Clock } from '../../ports/clock';
import type { OutboxRepository } from '../../ports/outbox-repository';

export type SnoozeOutcome =
  | { kind: 'snoozed'; dueAt: Date; remaining: number }
  | { kind: 'limit' | 'deadline' | 'not-running' | 'already-done' | 'duplicate' };

/**
 * "Remind me tomorrow": at most three times per campaign. The snooze is itself an outbox record
 * ('snooze-N', unique by key), so a double click cannot make two, and the worker delivers it like any
 * other reminder (re-checking first that the person still needs it).
 */
export class SnoozeService {
  constructor(
    private readonly deps: {
      campaigns: CampaignRepository;
      outbox: OutboxRepository;
      clock: Clock;
      timezone: string;
    },
  ) {}

  async snooze(campaignId: string, person: StaffMember): Promise<SnoozeOutcome> {
    const now = this.deps.clock.now();
    const campaign = await this.deps.campaigns.findById(campaignId);
    if (!campaign || (campaign.state !== 'running' && campaign.state !== 'paused'))
      return { kind: 'not-running' };
    if (!needsReminder(person, now)) return { kind: 'already-done' };
    const used = await this.deps.outbox.countSnoozes(campaign.id, person.aadObjectId);
    // A snooze already waiting to be sent: pressing the button again changes nothing.
    if (used.pending > 0) return { kind: 'duplicate' };
    const decision = decideSnooze(
      now,
      used.total,
      campaign.deadline,
      campaign.sendWindow,
      this.deps.timezone,
    );
    if (!decision.ok) return { kind: decision.reason };
    const created = await this.deps.outbox.enqueue(
      {
        campaignId: campaign.id,
        aadObjectId: person.aadObjectId,
        organisation: person.organisation,
        reminder: decision.reminder,
        dueAt: decision.dueAt,
      },
      now,
    );
    return created
      ? { kind: 'snoozed', dueAt: decision.dueAt, remaining: decision.remaining }
      : { kind: 'duplicate' };
  }
}
