import type { Logger } from 'pino';
import type { Campaign } from '../../domain/campaign';
import { currentReminder, deadlinePassed, planReminders } from '../../domain/campaign-schedule';
import type { CampaignRepository } from '../../ports/campaign-repository';
import type { Clock } from '../../ports/clock';
import type { OutboxRepository } from '../../ports/outbox-repository';
import type { StaffRepository } from '../../ports/staff-repository';
import { streamAudience } from './campaign-audience';

export interface PlannerDeps {
  campaigns: CampaignRepository;
  outbox: OutboxRepository;
  staff: StaffRepository;
  clock: Clock;
  timezone: string;
  /** Called once per campaign after its deadline (the local admins' summary). */
  onFinished?: (campaign: Campaign) => Promise<void>;
  logger?: Logger;
}

export interface PlanResult {
  enqueued: number;
  finished: string[];
}

/**
 * Turns the schedule into outbox records: when a campaign's current reminder has not been planned yet,
 * older pending ones are superseded and one record per person in the audience is enqueued (idempotent by
 * key, so a crash mid-way is simply planned again). After the deadline the campaign finishes.
 */
export class CampaignPlanner {
  constructor(private readonly deps: PlannerDeps) {}

  async planDue(): Promise<PlanResult> {
    const result: PlanResult = { enqueued: 0, finished: [] };
    const active = await this.deps.campaigns.list({ states: ['running', 'paused'] });
    for (const c of active) {
      if (deadlinePassed(this.deps.clock.now(), c.deadline)) {
        if (await this.finish(c)) result.finished.push(c.name);
      } else if (c.state === 'running') {
        result.enqueued += await this.plan(c);
      }
    }
    return result;
  }

  private async plan(c: Campaign): Promise<number> {
    const { outbox, clock } = this.deps;
    const plan = planReminders(c.deadline, c.offsetsDays, c.sendWindow, this.deps.timezone);
    const current = currentReminder(plan, clock.now(), c.deadline);
    if (!current || c.planned.includes(current.reminder)) return 0;
    await outbox.supersedeBefore(c.id, current.dueAt, current.reminder, clock.now());
    let enqueued = 0;
    for await (const s of streamAudience(this.deps.staff, c, clock.now())) {
      const rec = { campaignId: c.id, aadObjectId: s.aadObjectId, organisation: s.organisation };
      if (await outbox.enqueue({ ...rec, reminder: current.reminder, dueAt: current.dueAt }, clock.now()))
        enqueued++;
    }
    await this.deps.campaigns.markPlanned(c.id, current.reminder, clock.now());
    this.deps.logger?.info(
      { campaign: c.name, reminder: current.reminder, enqueued },
      'campaign reminder planned',
    );
    return enqueued;
  }

  private async finish(c: Campaign): Promise<boolean> {
    const { campaigns, outbox, clock } = this.deps;
    const finished = await campaigns.transition(c.id, ['running', 'paused'], 'finished', clock.now());
    await outbox.skipPending(c.id, 'deadline', clock.now());
    await outbox.deleteLocks(c.id);
    if (await campaigns.claimSummary(c.id, clock.now())) await this.deps.onFinished?.(finished ?? c);
    return finished !== null;
  }
}
