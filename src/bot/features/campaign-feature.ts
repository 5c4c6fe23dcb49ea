import { z } from 'zod';
import { renderCard, renderCardJson } from '../../cards/render';
import type { SendingWindow } from '../../domain/campaign-schedule';
import type { StaffMember } from '../../domain/staff';
import { isMfaStatus, type MfaStatus } from '../../domain/mfa-status';
import { AppError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { AdminCommand, CampaignAdminService } from '../../services/campaigns/campaign-admin-service';
import type { SnoozeService } from '../../services/campaigns/snooze-service';
import { admin as text, snooze as snoozeText } from '../../strings/campaigns';
import { formatWhen } from '../../strings/dates';
import { defineCardAction, type Command, type Feature, type TurnRequest } from '../feature';
import { createFormData, deadlineFrom, previewCardData, statusCardData } from './campaigns/campaign-views';

export interface CampaignFeatureDeps {
  admin: CampaignAdminService;
  snoozes: SnoozeService;
  clock: Clock;
  timezone: string;
  defaults: { offsetsDays: number[]; sendWindow: SendingWindow };
  /** MFA_DEADLINE, to pre-fill the form. */
  deadline?: Date;
  /** A short-lived signed link to the campaign's reach list (CSV) for this admin. */
  exportLink?: (actor: StaffMember, campaignId: string) => string;
}

const ADMINS = ['localAdmin', 'globalAdmin'] as const;
const csv = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const createSchema = z.object({
  name: z.string().max(200),
  deadlineDate: z.string().max(20),
  deadlineTime: z.string().max(20),
  organisations: z.string().max(2000).optional(),
  orgUnits: z.string().max(2000).optional(),
  statuses: z.string().max(2000).optional(),
  offsets: z.string().max(200).optional(),
  windowStart: z.string().max(20).optional(),
  windowEnd: z.string().max(20).optional(),
  days: z.string().max(50).optional(),
});

/**
 * `campaign create|list|preview|start|pause|resume|cancel|status` for local and global admins, the
 * create form's submit ('campaign.create') and the reminder's "Remind me tomorrow" ('campaign.snooze').
 */
export function createCampaignFeature(deps: CampaignFeatureDeps): Feature {
  const tz = deps.timezone;
  const send = (req: TurnRequest, card: string, data: object) =>
    req.turn.sendActivity({ attachments: [renderCard(card, data)] }).then(() => undefined);

  const statusData = async (req: TurnRequest, name: string) => {
    const { campaign, funnel } = await deps.admin.status(req.staff, name);
    return statusCardData(
      campaign,
      funnel,
      deps.clock.now(),
      tz,
      req.turn.activity.from?.id ?? '',
      funnel.unreachableDetails.length > 0 ? deps.exportLink?.(req.staff, campaign.id) : undefined,
    );
  };

  const transition = (command: AdminCommand) => async (req: TurnRequest, name: string) => {
    const { campaign, changed } = await deps.admin.run(req.staff, command, name);
    await req.turn.sendActivity(
      changed
        ? text.transitioned[command](campaign.name)
        : text.wrongState(campaign.name, campaign.state, command),
    );
  };

  // A Map, not a plain object: a typed verb such as "__proto__" or "constructor" must never reach an
  // inherited property.
  const verbs = new Map<string, (req: TurnRequest, name: string) => Promise<void>>(
    Object.entries({
      create: (req) => send(req, 'campaign-create', createFormData(deps.defaults, deps.deadline, tz)),
      list: async (req) => {
        const all = await deps.admin.list(req.staff);
        await req.turn.sendActivity(
          all.length === 0
            ? text.noCampaigns
            : all.map((c) => text.listLine(c.name, c.state, formatWhen(c.deadline, tz))).join('\n'),
        );
      },
      preview: async (req, name) => {
        const { campaign, preview } = await deps.admin.preview(req.staff, name);
        await send(req, 'campaign-preview', previewCardData(campaign, preview, tz));
      },
      status: async (req, name) => void (await send(req, 'campaign-status', await statusData(req, name))),
      start: transition('start'),
      pause: transition('pause'),
      resume: transition('resume'),
      cancel: transition('cancel'),
      resend: async (req, name) => {
        const { campaign, reminder, requeued } = await deps.admin.resend(req.staff, name);
        await req.turn.sendActivity(
          reminder && campaign.state === 'running'
            ? text.resent(campaign.name, reminder, requeued)
            : text.nothingToResend(campaign.name, campaign.state),
        );
      },
    }),
  );
  const NEEDS_NAME = new Set(['preview', 'status', 'start', 'pause', 'resume', 'cancel', 'resend']);

  const command: Command = {
    id: 'campaign',
    phrases: ['campaign', 'campaigns'],
    usage: 'campaign create | list | preview|start|pause|resume|cancel|status|resend <name>',
    description: text.description,
    audience: 'admin',
    allowedRoles: ADMINS,
    async run(req, args) {
      const [verb = 'list', ...rest] = args
        .trim()
        .split(/\s+/)
        .filter((w) => w.length > 0);
      const handler = verbs.get(verb.toLowerCase());
      const name = rest.join(' ').replace(/^["“”']|["“”']$/g, '');
      if (!handler) return void (await req.turn.sendActivity(text.usage));
      if (NEEDS_NAME.has(verb.toLowerCase()) && !name)
        return void (await req.turn.sendActivity(text.needName(verb)));
      await friendly(req, name, () => handler(req, name));
    },
  };

  const create = defineCardAction({
    action: 'campaign.create',
    schema: createSchema,
    allowedRoles: ADMINS,
    async run(req, data) {
      const deadline = deadlineFrom(data.deadlineDate, data.deadlineTime, tz);
      const offsets = csv(data.offsets).map(Number);
      const statuses = csv(data.statuses);
      const badStatus = statuses.find((s) => !isMfaStatus(s));
      if (!deadline || offsets.some((o) => !Number.isInteger(o)) || badStatus !== undefined) {
        const what = !deadline
          ? 'the deadline date or time'
          : badStatus
            ? `the status "${badStatus}"`
            : 'the reminder days';
        return void (await req.turn.sendActivity(text.invalid([`check ${what}`])));
      }
      const sendWindow: SendingWindow = {
        start: data.windowStart?.slice(0, 5) || deps.defaults.sendWindow.start,
        end: data.windowEnd?.slice(0, 5) || deps.defaults.sendWindow.end,
        days: data.days ? csv(data.days).map(Number) : deps.defaults.sendWindow.days,
      };
      await friendly(req, data.name, async () => {
        const c = await deps.admin.create(req.staff, {
          name: data.name,
          deadline,
          audience: {
            organisations: csv(data.organisations),
            orgUnits: csv(data.orgUnits),
            statuses: statuses as MfaStatus[],
          },
          offsetsDays: offsets.length > 0 ? offsets : undefined,
          sendWindow,
        });
        await req.turn.sendActivity(text.created(c.name));
      });
    },
  });

  const snooze = defineCardAction({
    action: 'campaign.snooze',
    schema: z.object({ campaignId: z.string().min(1).max(64) }),
    async run(req, data) {
      const outcome = await deps.snoozes.snooze(data.campaignId, req.staff);
      const reply: Record<typeof outcome.kind, string> = {
        snoozed: outcome.kind === 'snoozed' ? snoozeText.ok(formatWhen(outcome.dueAt, tz)) : '',
        limit: snoozeText.limit,
        deadline: snoozeText.deadline,
        'not-running': snoozeText.notRunning,
        'already-done': snoozeText.alreadyDone,
        duplicate: snoozeText.duplicate,
      };
      await req.turn.sendActivity(reply[outcome.kind]);
    },
  });

  /** The status card's Refresh button and Teams' automatic refresh (Universal Action): a fresh funnel. */
  const refresh = defineCardAction({
    action: 'campaign.refresh',
    schema: z.object({ name: z.string().min(1).max(200) }),
    allowedRoles: ADMINS,
    async run(req, data) {
      let card: Record<string, unknown> | undefined;
      await friendly(req, data.name, async () => {
        card = renderCardJson('campaign-status', await statusData(req, data.name));
      });
      if (!card) return;
      if (req.turn.activity.type === 'invoke') return { card };
      await req.turn.sendActivity({
        attachments: [renderCard('campaign-status', await statusData(req, data.name))],
      });
    },
  });

  return { name: 'campaigns', commands: [command], actions: [create, snooze, refresh] };
}

/** Expected refusals become their own sentence; anything else goes to the turn error handler. */
async function friendly(req: TurnRequest, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const messages: Partial<Record<AppError['code'], string>> = {
      NOT_FOUND: text.notFound(name),
      DUPLICATE_KEY: text.duplicateName(name),
      VALIDATION: text.invalid([e.message]),
    };
    const message = messages[e.code];
    if (!message) throw e;
    await req.turn.sendActivity(message);
  }
}
