import type { Logger } from 'pino';
import type { Campaign } from '../../domain/campaign';
import { emailAddressOf, firstName, type StaffMember } from '../../domain/staff';
import type { EmailNotifier } from '../../ports/notifier';
import type { OutboxFinalState, OutboxRecord, OutboxRepository } from '../../ports/outbox-repository';
import { reminderLabel } from '../../strings/campaigns';
import { formatWhen } from '../../strings/dates';

export interface EmailFallbackDeps {
  notifier: EmailNotifier;
  outbox: OutboxRepository;
  timezone: string;
  organisationName: string;
  /** A Teams deep link that opens the bot's chat (https://teams.microsoft.com/l/app/<app id>). */
  link: string;
  logger?: Logger;
}

/**
 * Email for people a Teams reminder did not reach (not on Teams, blocked, install failed): one more outbox
 * record per person and reminder with channel 'email' (its own key, so at most one email per person per
 * step), drained like the Teams ones (claimed with a lease, sent only inside the sending window, marked on
 * the wire before the request, so never sent twice). "stop emails" is respected.
 */
export class EmailFallback {
  constructor(private readonly deps: EmailFallbackDeps) {}

  /** Queues the email for a Teams record that ended without reaching its person; due at once. */
  async enqueueAfter(record: OutboxRecord, now: Date): Promise<boolean> {
    const { campaignId, aadObjectId, organisation, reminder } = record;
    return this.deps.outbox.enqueue(
      { campaignId, aadObjectId, organisation, reminder, dueAt: now, channel: 'email' },
      now,
    );
  }

  /** Sends one email record; `onWire` runs just before the request (the outbox mark). */
  async send(
    record: OutboxRecord,
    person: StaffMember,
    campaign: Campaign,
    onWire: () => Promise<void>,
  ): Promise<{ state: OutboxFinalState; reason?: string }> {
    if (person.emailOptOutAt) return { state: 'skipped', reason: 'opted out of emails' };
    await onWire();
    try {
      await this.deps.notifier.sendEmail({
        to: emailAddressOf(person),
        reference: record.key,
        personalisation: {
          first_name: firstName(person),
          organisation: this.deps.organisationName,
          deadline: formatWhen(campaign.deadline, this.deps.timezone),
          reminder: reminderLabel(record.reminder),
          link: this.deps.link,
        },
      });
      return { state: 'sent' };
    } catch (err) {
      this.deps.logger?.warn({ err, key: record.key }, 'reminder email not accepted');
      return { state: 'failed', reason: 'email not accepted' };
    }
  }
}
