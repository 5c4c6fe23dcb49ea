import type { Logger } from 'pino';
import type { Campaign } from '../../domain/campaign';
import type { Messenger } from '../../ports/messenger';
import type { StaffRepository } from '../../ports/staff-repository';
import { admin as text } from '../../strings/campaigns';
import type { Clock } from '../../ports/clock';
import type { OutboxRepository } from '../../ports/outbox-repository';
import { campaignFunnel } from './campaign-funnel';

const LIST_MAX = 20;

/**
 * After the deadline: each organisation's local admins get one message saying how many of the people
 * the campaign targeted are still not enrolled (and how many were not reachable in Teams), with the report
 * command that exports the list.
 */
export class DeadlineSummary {
  constructor(
    private readonly deps: {
      outbox: OutboxRepository;
      staff: StaffRepository;
      messenger: Messenger;
      clock: Clock;
      timezone: string;
      logger?: Logger;
    },
  ) {}

  async send(c: Campaign): Promise<number> {
    const funnel = await campaignFunnel(this.deps, c, this.deps.clock.now());
    let messages = 0;
    for (const row of funnel.rows) {
      const notEnrolled = row.targeted - row.enrolled - row.excepted;
      const admins = await this.deps.staff.list({ organisations: [row.organisation], roles: ['localAdmin'] });
      const names = (funnel.stillToEnrol[row.organisation] ?? []).slice(0, LIST_MAX);
      const message = text.summary(c.name, row.organisation, notEnrolled, row.unreachable, names);
      for (const a of admins) {
        const outcome = await this.deps.messenger.sendToUser(a.aadObjectId, message);
        if (outcome === 'sent') messages++;
      }
    }
    this.deps.logger?.info({ campaign: c.name, messages }, 'campaign deadline summary sent');
    return messages;
  }
}
