import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { skipReason, type Campaign } from '../../domain/campaign';
import { isWithinWindow } from '../../domain/campaign-schedule';
import type { CampaignRepository } from '../../ports/campaign-repository';
import type { Clock } from '../../ports/clock';
import type { Messenger, OutgoingMessage, SendOutcome } from '../../ports/messenger';
import type { OutboxRecord, OutboxRepository } from '../../ports/outbox-repository';
import type { StaffRepository } from '../../ports/staff-repository';
import type { StaffMember } from '../../domain/staff';
import type { TeamsReach } from '../reach/teams-reach';
import type { EmailFallback } from './email-fallback';
import type { ReminderCounter } from './campaign-metrics';
import type { ReminderComposer } from './reminder-composer';

export interface DispatcherDeps {
  campaigns: CampaignRepository;
  outbox: OutboxRepository;
  staff: StaffRepository;
  messenger: Messenger;
  compose: ReminderComposer;
  clock: Clock;
  timezone: string;
  /** Identifies this worker in leases: unique per process. */
  workerId: string;
  leaseMs: number;
  batchSize: number;
  counter?: ReminderCounter;
  logger?: Logger;
  /** Proactive install (TEAMS_APP_CATALOG_ID and Graph set): reaches people with no stored conversation. */
  reach?: TeamsReach;
  /** Email fallback (NOTIFY_EMAIL_TEMPLATE_ID set): people the Teams reminder did not reach get one email. */
  email?: EmailFallback;
}

export type RecordResult =
  'sent' | 'failed' | 'unreachable' | 'no-reference' | 'skipped' | 'released' | 'lost' | 'error';

export interface DrainResult {
  found: number;
  results: Partial<Record<RecordResult, number>>;
}

/**
 * Enough to keep ahead of the tenant's send rate over a remote database (8 reminders in parallel at 4 round
 * trips of 10 ms each is 200 a second), few enough that on the embedded store their in-memory work never
 * runs as one long stretch.
 */
const PREPARING_AT_ONCE = 8;

/** The lease ran out while the reminder waited for the rate limiter: someone else may send it now. */
class LeaseLostError extends Error {
  constructor(key: string) {
    super(`lease lost before sending ${key}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Drains due outbox records of running campaigns inside their sending window. Each record is claimed with
 * a lease, the person is re-read (nobody enrolled or excepted meanwhile is reminded), and when the rate
 * limiter lets the request go the lease is checked once more and the record marked on the wire; then the
 * message goes out and the record is completed by the lease holder.
 */
export class ReminderDispatcher {
  /** Reminders being prepared at once (claim, re-read, message), see prepare(). */
  private readonly preparing = new Bottleneck({ maxConcurrent: PREPARING_AT_ONCE });

  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * A record taken over from a worker that died while its request was on the wire: Teams may already have
   * delivered it, and a reminder is never sent twice, so it is completed as sent without sending again.
   */
  private async unconfirmed(record: OutboxRecord): Promise<RecordResult> {
    const { outbox, clock, workerId } = this.deps;
    await outbox.complete(record.key, workerId, 'sent', clock.now(), 'unconfirmed');
    this.deps.counter?.inc({ outcome: 'unconfirmed' });
    this.deps.logger?.warn(
      { key: record.key },
      'campaign reminder taken over after a crash mid-send: not sent again',
    );
    return 'sent';
  }

  /** One batch: claims up to batchSize due reminders and waits until every one of them is done. */
  async drainOnce(): Promise<DrainResult> {
    const results: Partial<Record<RecordResult, number>> = {};
    const due = await this.findDue(this.deps.batchSize);
    await Promise.all(
      due.map(async ({ record, campaign }) => count(results, await this.run(record, campaign))),
    );
    return { found: due.length, results };
  }

  /**
   * Everything due now, keeping the rate limiter fed: up to batchSize reminders in flight, and as soon as
   * half of them are done the next ones are claimed. (Batch after batch left Teams' rate unused while each
   * batch's last throttled reminder waited out its Retry-After: about 1 s a batch.) A reminder that made no
   * progress (lost to another worker, an error, a paused campaign) is not tried again in the same drain.
   * Only those stay on record here: a completed reminder is no longer due, so each look asks the store for
   * one batch plus the stuck ones, not for everything tried so far (which grew to the whole audience).
   * Ends when nothing more is due or `stop()` says so, after everything it started has finished.
   */
  async drain(stop: () => boolean = () => false): Promise<DrainResult> {
    const total: DrainResult = { found: 0, results: {} };
    const inFlight = new Map<string, Promise<void>>();
    const stuck = new Set<string>();
    // Half: every top-up asks the store for the earliest due reminders (on the embedded store a scan of the
    // campaign's records, 10-20 ms at 10,000), and half a batch in flight still keeps the limiter fed.
    const lowWater = Math.max(1, Math.ceil(this.deps.batchSize / 2));
    while (!stop()) {
      const room = this.deps.batchSize - inFlight.size;
      const due = (await this.findDue(this.deps.batchSize + inFlight.size + stuck.size))
        .filter(({ record }) => !inFlight.has(record.key) && !stuck.has(record.key))
        .slice(0, room);
      if (due.length === 0 && inFlight.size === 0) break;
      for (const { record, campaign } of due) {
        const done = this.run(record, campaign).then((r) => {
          count(total.results, r);
          if (!COMPLETED.has(r)) stuck.add(record.key);
          inFlight.delete(record.key);
        });
        inFlight.set(record.key, done);
      }
      total.found += due.length;
      // Top up once half are done; when nothing new was due, look again once all of these are done.
      const target = due.length > 0 ? lowWater : 0;
      while (inFlight.size > target) await Promise.race(inFlight.values());
    }
    await Promise.all(inFlight.values());
    return total;
  }

  private async findDue(limit: number): Promise<{ record: OutboxRecord; campaign: Campaign | undefined }[]> {
    const now = this.deps.clock.now();
    const running = await this.deps.campaigns.list({ states: ['running'] });
    const open = new Map(
      running.filter((c) => isWithinWindow(now, c.sendWindow, this.deps.timezone)).map((c) => [c.id, c]),
    );
    const due = await this.deps.outbox.findClaimable([...open.keys()], now, limit);
    return due.map((record) => ({ record, campaign: open.get(record.campaignId) }));
  }

  private run(record: OutboxRecord, campaign: Campaign | undefined): Promise<RecordResult> {
    return campaign ? this.process(record, campaign) : Promise.resolve('lost');
  }

  private async process(record: OutboxRecord, campaign: Campaign): Promise<RecordResult> {
    const { outbox, clock, workerId, leaseMs } = this.deps;
    try {
      const prepared = await this.preparing.schedule(() => this.prepare(record, campaign));
      if (typeof prepared === 'string') return prepared;
      const { person, message } = prepared;
      if (!message) return await this.email(record, person, campaign);
      const hooks = {
        onWire: async () => {
          if (!(await outbox.markOnWire(record.key, workerId, clock.now(), leaseMs)))
            throw new LeaseLostError(record.key);
        },
        onRefused: () => outbox.clearOnWire(record.key, workerId, clock.now()),
      };
      const send = () => this.deps.messenger.sendToUser(person.aadObjectId, message, hooks);
      const delivery = await this.deliver(record, person.aadObjectId, send);
      if (delivery === 'busy') {
        // Another worker is installing the app for this person: this reminder waits for a later pass.
        await outbox.release(record.key, workerId, clock.now());
        return 'released';
      }
      const { outcome } = delivery;
      const completed = await outbox.complete(record.key, workerId, outcome, clock.now(), delivery.reason, {
        reach: delivery.reach,
        installAttempts: delivery.installAttempts,
      });
      if (!completed)
        this.deps.logger?.warn(
          { key: record.key, outcome },
          'campaign reminder completed after its lease was lost',
        );
      this.deps.counter?.inc({ outcome });
      if ((outcome === 'unreachable' || outcome === 'no-reference') && this.deps.email)
        await this.deps.email.enqueueAfter(record, clock.now());
      return outcome;
    } catch (err) {
      if (err instanceof LeaseLostError) return 'lost';
      // The claim stays until its lease expires, then another pass retries it.
      this.deps.logger?.error({ err, key: record.key }, 'campaign reminder could not be processed');
      return 'error';
    }
  }

  /**
   * Everything before the send: the claim, the person re-read, the campaign's state, the message. A few
   * reminders at a time (PREPARING_AT_ONCE): a batch prepared all at once on the embedded store is one long
   * run of in-memory work that holds up the timers the send budget's send times depend on.
   */
  private async prepare(
    record: OutboxRecord,
    campaign: Campaign,
  ): Promise<RecordResult | { person: StaffMember; message?: OutgoingMessage }> {
    const { outbox, clock, workerId, leaseMs } = this.deps;
    const claimed = await outbox.claim(record.key, workerId, clock.now(), leaseMs);
    if (!claimed) return 'lost';
    if (claimed.onWireAt) return this.unconfirmed(claimed);
    const person = await this.deps.staff.findByAadObjectId(record.aadObjectId);
    const reason = skipReason(person, clock.now());
    if (reason || !person) {
      await outbox.complete(record.key, workerId, 'skipped', clock.now(), reason);
      this.deps.counter?.inc({ outcome: 'skipped' });
      return 'skipped';
    }
    // Paused or cancelled since this pass began: a paused campaign's reminder waits, a cancelled one is dropped.
    const current = await this.deps.campaigns.findById(campaign.id);
    if (current?.state === 'paused') {
      await outbox.release(record.key, workerId, clock.now());
      return 'released';
    }
    if (current?.state !== 'running') {
      await outbox.complete(record.key, workerId, 'skipped', clock.now(), current?.state ?? 'deleted');
      return 'skipped';
    }
    if (record.channel === 'email') return { person };
    const snoozesUsed = (await outbox.countSnoozes(campaign.id, person.aadObjectId)).total;
    const message = this.deps.compose({
      campaign,
      staff: person,
      reminder: record.reminder,
      snoozesUsed,
      now: clock.now(),
    });
    return { person, message };
  }

  /** The email fallback's record: sent once (marked on the wire first), or skipped when the person opted out. */
  private async email(record: OutboxRecord, person: StaffMember, campaign: Campaign): Promise<RecordResult> {
    const { outbox, clock, workerId, leaseMs } = this.deps;
    const result = this.deps.email
      ? await this.deps.email.send(record, person, campaign, async () => {
          if (!(await outbox.markOnWire(record.key, workerId, clock.now(), leaseMs)))
            throw new LeaseLostError(record.key);
        })
      : { state: 'skipped' as const, reason: 'email reminders are off' };
    await outbox.complete(record.key, workerId, result.state, clock.now(), result.reason);
    this.deps.counter?.inc({ outcome: result.state === 'sent' ? 'emailed' : result.state });
    return result.state === 'sent' || result.state === 'failed' ? result.state : 'skipped';
  }

  /**
   * Sends. With proactive install configured: a person with no conversation yet gets the app installed
   * first; a conversation Teams refused (403 blocked or uninstalled, 404 gone) is healed once, by installing
   * again (or finding the installation) and resending, before the person is marked unreachable. The lease
   * is renewed after an install (it may have waited for Graph's budget).
   */
  private async deliver(
    record: OutboxRecord,
    aadObjectId: string,
    send: () => Promise<SendOutcome>,
  ): Promise<Delivery | 'busy'> {
    const first = await send();
    const reach = this.deps.reach;
    const healable = first === 'no-reference' || first === 'unreachable';
    if (!healable || !reach) return { outcome: first, reach: first === 'sent' ? 'already' : undefined };
    const r = await reach.ensureConversation(aadObjectId, { replaceDead: first === 'unreachable' });
    if (
      !(await this.deps.outbox.renew(
        record.key,
        this.deps.workerId,
        this.deps.clock.now(),
        this.deps.leaseMs,
      ))
    )
      throw new LeaseLostError(record.key);
    if (r.kind === 'busy') return 'busy';
    const installAttempts = (record.installAttempts ?? 0) + 1;
    if (r.kind === 'not-on-teams')
      return { outcome: 'unreachable', reason: `not on Teams: ${r.reason}`, installAttempts };
    if (r.kind === 'failed')
      return {
        outcome: first,
        reason:
          first === 'unreachable'
            ? `blocked or removed the bot; reinstall failed: ${r.reason}`
            : `install failed: ${r.reason}`,
        installAttempts,
      };
    const outcome = await send();
    const reason =
      outcome === 'unreachable' ? 'blocked or removed the bot (reinstalled once, still refused)' : undefined;
    return { outcome, reason, reach: outcome === 'sent' ? r.via : undefined, installAttempts };
  }
}

interface Delivery {
  outcome: SendOutcome;
  reason?: string;
  reach?: 'already' | 'installed';
  installAttempts?: number;
}

/** Outcomes after which the record is completed, so it is never due again. */
const COMPLETED: ReadonlySet<RecordResult> = new Set<RecordResult>([
  'sent',
  'failed',
  'unreachable',
  'no-reference',
  'skipped',
]);

function count(results: Partial<Record<RecordResult, number>>, r: RecordResult): void {
  results[r] = (results[r] ?? 0) + 1;
}
