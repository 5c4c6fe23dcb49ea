import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  CAMPAIGN_NAME,
  CAMPAIGN_TRANSITIONS,
  campaignNameKey,
  type Campaign,
  type CampaignAudience,
  type CampaignCommand,
} from '../../domain/campaign';
import {
  currentReminder,
  nextReminder,
  planReminders,
  validateOffsets,
  validateSendingWindow,
  type PlannedReminder,
  type SendingWindow,
} from '../../domain/campaign-schedule';
import type { StaffMember } from '../../domain/staff';
import { AppError, DuplicateKeyError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { CampaignRepository } from '../../ports/campaign-repository';
import type { Clock } from '../../ports/clock';
import type { OutboxRepository } from '../../ports/outbox-repository';
import type { StaffRepository } from '../../ports/staff-repository';
import { streamAudience } from './campaign-audience';
import { campaignFunnel, type CampaignFunnel } from './campaign-funnel';

export interface NewCampaignInput {
  name: string;
  deadline: Date;
  audience: CampaignAudience;
  offsetsDays?: number[];
  sendWindow?: SendingWindow;
}

export type AdminCommand = Exclude<CampaignCommand, 'finish'>;

export interface CampaignPreview {
  next?: PlannedReminder;
  /**
   * Every reminder `start` would send, in order: for a draft, the reminder whose time has passed (it goes
   * out at once, `atOnce`) and every later one; for a started campaign, the ones still to come.
   */
  steps: (PlannedReminder & { atOnce: boolean })[];
  perOrganisation: { organisation: string; people: number }[];
  total: number;
}

export interface CampaignAdminDeps {
  campaigns: CampaignRepository;
  outbox: OutboxRepository;
  staff: StaffRepository;
  clock: Clock;
  timezone: string;
  defaults: { sendWindow: SendingWindow; offsetsDays: number[] };
  audit?: AuditLog;
  logger?: Logger;
}

/**
 * The admin use cases. Global admins see and run every campaign; local admins only campaigns of their own
 * organisation (a campaign a local admin creates is limited to it). Everyone else is refused.
 */
export class CampaignAdminService {
  constructor(private readonly deps: CampaignAdminDeps) {}

  async create(actor: StaffMember, input: NewCampaignInput): Promise<Campaign> {
    this.assertAdmin(actor);
    const now = this.deps.clock.now();
    const sendWindow = input.sendWindow ?? this.deps.defaults.sendWindow;
    const offsetsDays = [...new Set(input.offsetsDays ?? this.deps.defaults.offsetsDays)].sort(
      (a, b) => b - a,
    );
    const problems = [...validateSendingWindow(sendWindow), ...validateOffsets(offsetsDays)];
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!CAMPAIGN_NAME.test(name))
      problems.push('the name must be 1-60 letters, digits, spaces, dots, dashes or underscores');
    if (Number.isNaN(input.deadline.getTime()) || input.deadline.getTime() <= now.getTime()) {
      problems.push('the deadline must be in the future');
    }
    const local = actor.role === 'localAdmin';
    if (local && input.audience.organisations.some((o) => o !== actor.organisation)) {
      problems.push(`as a local administrator you can only target ${actor.organisation}`);
    }
    if (problems.length > 0) throw new AppError('VALIDATION', problems.join('; '));
    const campaign: Campaign = {
      id: randomUUID(),
      name,
      nameKey: campaignNameKey(name),
      deadline: input.deadline,
      audience: {
        ...input.audience,
        organisations: local ? [actor.organisation] : input.audience.organisations,
      },
      offsetsDays,
      sendWindow: { start: sendWindow.start, end: sendWindow.end, days: [...sendWindow.days] },
      state: 'draft',
      ...(local ? { ownerOrganisation: actor.organisation } : {}),
      createdBy: actor.aadObjectId,
      createdAt: now,
      updatedAt: now,
      planned: [],
      version: 1,
    };
    try {
      await this.deps.campaigns.create(campaign);
    } catch (e) {
      if (e instanceof DuplicateKeyError)
        throw new AppError('DUPLICATE_KEY', `There is already a campaign called "${name}".`);
      throw e;
    }
    await this.audit(actor, 'campaign.create', campaign, { state: 'draft' });
    return campaign;
  }

  async list(actor: StaffMember): Promise<Campaign[]> {
    this.assertAdmin(actor);
    return this.deps.campaigns.list(
      actor.role === 'localAdmin' ? { visibleToOrganisation: actor.organisation } : {},
    );
  }

  /** The campaign by name if this admin may see it; NOT_FOUND otherwise (no hint that it exists). */
  async find(actor: StaffMember, name: string): Promise<Campaign> {
    this.assertAdmin(actor);
    const c = await this.deps.campaigns.findByName(name);
    if (!c || !canManage(actor, c))
      throw new AppError('NOT_FOUND', `I can't find a campaign called "${name}" that you can see.`);
    return c;
  }

  /** start / pause / resume / cancel; returns null when the campaign was not in a state that allows it. */
  async run(
    actor: StaffMember,
    command: AdminCommand,
    name: string,
  ): Promise<{ campaign: Campaign; changed: boolean }> {
    const c = await this.find(actor, name);
    const t = CAMPAIGN_TRANSITIONS[command];
    const now = this.deps.clock.now();
    const updated = await this.deps.campaigns.transition(c.id, t.from, t.to, now);
    if (!updated) return { campaign: c, changed: false };
    if (command === 'cancel') {
      await this.deps.outbox.skipPending(c.id, 'cancelled', now);
      await this.deps.outbox.deleteLocks(c.id);
    }
    await this.audit(actor, `campaign.${command}`, updated, { state: updated.state }, { state: c.state });
    return { campaign: updated, changed: true };
  }

  /**
   * `campaign resend <name>`: the current reminder again, only to the people it did not reach (failed,
   * unreachable, install failed); nobody who got it gets it twice. Audited. null when nothing was sent yet.
   */
  async resend(
    actor: StaffMember,
    name: string,
  ): Promise<{ campaign: Campaign; reminder?: string; requeued: number }> {
    const c = await this.find(actor, name);
    const now = this.deps.clock.now();
    const plan = planReminders(c.deadline, c.offsetsDays, c.sendWindow, this.deps.timezone);
    const reminder = currentReminder(plan, now, c.deadline)?.reminder;
    if (!reminder || c.state !== 'running') return { campaign: c, reminder, requeued: 0 };
    const requeued = await this.deps.outbox.requeueUnreached(c.id, reminder, now);
    await this.audit(actor, 'campaign.resend', c, { reminder, requeued });
    return { campaign: c, reminder, requeued };
  }

  async preview(actor: StaffMember, name: string): Promise<{ campaign: Campaign; preview: CampaignPreview }> {
    const c = await this.find(actor, name);
    const now = this.deps.clock.now();
    const plan = planReminders(c.deadline, c.offsetsDays, c.sendWindow, this.deps.timezone);
    const counts = new Map<string, number>();
    for await (const s of streamAudience(this.deps.staff, c, now))
      counts.set(s.organisation, (counts.get(s.organisation) ?? 0) + 1);
    const perOrganisation = [...counts.entries()]
      .map(([organisation, people]) => ({ organisation, people }))
      .sort((a, b) => a.organisation.localeCompare(b.organisation));
    const total = perOrganisation.reduce((n, r) => n + r.people, 0);
    const current = c.state === 'draft' ? currentReminder(plan, now, c.deadline) : undefined;
    const steps = [
      ...(current ? [{ ...current, atOnce: true }] : []),
      ...plan.filter((r) => r.dueAt.getTime() > now.getTime()).map((r) => ({ ...r, atOnce: false })),
    ];
    return { campaign: c, preview: { next: nextReminder(plan, now), steps, perOrganisation, total } };
  }

  async status(actor: StaffMember, name: string): Promise<{ campaign: Campaign; funnel: CampaignFunnel }> {
    const c = await this.find(actor, name);
    const funnel = await campaignFunnel(this.deps, c, this.deps.clock.now());
    return { campaign: c, funnel };
  }

  /** The status of a campaign by id (the reach export's signed link names the id), for an admin who may see it. */
  async statusById(
    actor: StaffMember,
    id: string,
  ): Promise<{ campaign: Campaign; funnel: CampaignFunnel } | undefined> {
    this.assertAdmin(actor);
    const c = await this.deps.campaigns.findById(id);
    if (!c || !canManage(actor, c)) return undefined;
    return { campaign: c, funnel: await campaignFunnel(this.deps, c, this.deps.clock.now()) };
  }

  private assertAdmin(actor: StaffMember): void {
    if (actor.role !== 'globalAdmin' && actor.role !== 'localAdmin') throw new AppError('FORBIDDEN');
  }

  private async audit(
    actor: StaffMember,
    action: string,
    c: Campaign,
    after: Record<string, unknown>,
    before?: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit?.append({
      at: this.deps.clock.now(),
      actor: actor.aadObjectId,
      actorUpn: actor.upn,
      action,
      after: { campaign: c.name, ...after },
      ...(before ? { before: { campaign: c.name, ...before } } : {}),
      outcome: 'success',
    });
  }
}

/** Global admins manage every campaign; local admins those owned by, or only targeting, their organisation. */
export function canManage(actor: Pick<StaffMember, 'role' | 'organisation'>, c: Campaign): boolean {
  if (actor.role === 'globalAdmin') return true;
  if (actor.role !== 'localAdmin') return false;
  if (c.ownerOrganisation !== undefined) return c.ownerOrganisation === actor.organisation;
  return c.audience.organisations.length === 1 && c.audience.organisations[0] === actor.organisation;
}
