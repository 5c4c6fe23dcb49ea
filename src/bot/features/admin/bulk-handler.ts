import { z } from 'zod';
import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { rolesAllowed } from '../../../domain/permissions';
import { actorFrom } from '../../../services/admin/admin-actor';
import { matchOrganisations } from '../../../services/admin/organisation-match';
import * as s from '../../../strings/admin';
import { cancelledByLine, confirmedByLine, doneCard, withNotice } from '../../../cards/in-place-cards';
import { isUniversalAction } from '../../universal-action';
import { staleCard } from '../../../strings/teams-app';
import { defineCardAction, type CardAction, type CardActionResult, type TurnRequest } from '../../feature';
import type { AdminContext } from './admin-context';
import { bulkPreviewView, bulkProgressView } from './admin-views';
import { organisationProblem } from './report-handler';

type Card = Record<string, unknown>;

/** `bulk enable|disable …`: the preview card with Confirm / Cancel (nothing changes yet). */
export async function previewBulk(
  ctx: AdminContext,
  req: TurnRequest,
  c: Extract<AdminCommand, { kind: 'bulk' }>,
): Promise<void> {
  let filter = c.filter;
  if (filter.organisations) {
    const match = await matchOrganisations(ctx.staff, filter.organisations);
    if (match.kind !== 'found') {
      await req.turn.sendActivity(organisationProblem(match));
      return;
    }
    filter = { ...filter, organisations: match.organisations };
  }
  const p = await ctx.bulk.preview(actorFrom(req.staff), c.action, filter, c.reason);
  if (p.kind === 'refused') await req.turn.sendActivity(s.REFUSAL.role);
  else if (p.kind === 'tooMany') await req.turn.sendActivity(s.bulkTooMany(p.count, p.max));
  else if (p.kind === 'empty') await req.turn.sendActivity(s.bulkNothing(p.outOfScope, p.notFound.length));
  else {
    const card = renderCard('admin-bulk-preview', bulkPreviewView(p, c.reason, ctx.timezone));
    await req.turn.sendActivity({ attachments: [card] });
  }
}

const bulkData = z.object({ id: z.string().uuid() });
/** The least time between two progress updates of one bulk change. */
const PROGRESS_EVERY_MS = 1_000;
const bulkRoles = [...new Set([...rolesAllowed('bulkEnable'), ...rolesAllowed('bulkDisable')])];

/** A sentence: in the chat for an Action.Submit; beside the card (left as it is) for an Action.Execute. */
async function tell(req: TurnRequest, text: string): Promise<CardActionResult> {
  if (isUniversalAction(req.turn)) return { message: text };
  await req.turn.sendActivity(text);
}

/**
 * The preview card for an operation that can no longer be confirmed: who confirmed or cancelled it and
 * when (with "out of date" on top, as the card pressed was an old one), or "Expired".
 */
async function answeredCard(ctx: AdminContext, req: TurnRequest, id: string): Promise<Card> {
  const op = await ctx.bulk.find(id);
  const title = s.card.progressTitle(op?.action ?? 'change');
  const name = req.staff.displayName;
  if (op?.state === 'applying') {
    // Still running: a second press, or Teams retrying a press whose answer is slow (large changes).
    const byLine = confirmedByLine(name, op.confirmedAt ?? op.createdAt, ctx.timezone);
    return doneCard({ title, status: s.card.confirmed, detail: s.card.applyingDetail, byLine });
  }
  if (op?.state === 'done') {
    const at = op.confirmedAt ?? op.createdAt;
    const byLine = confirmedByLine(name, at, ctx.timezone);
    return withNotice(
      doneCard({ title, status: s.card.confirmed, detail: s.card.appliedDetail, byLine }),
      staleCard,
    );
  }
  if (op?.state === 'cancelled') {
    const byLine = op.finishedAt ? cancelledByLine(name, op.finishedAt, ctx.timezone) : undefined;
    return withNotice(
      doneCard({ title, status: s.card.cancelled, detail: s.bulkCancelled, byLine }),
      staleCard,
    );
  }
  return doneCard({ title, status: s.card.expired, detail: s.bulkExpired });
}

/**
 * Confirm: only the admin who asked (the actor is activity.from, resolved by the bot, never card data),
 * within 10 minutes, once (the service's state guard). Progress is ONE message updated in place after
 * every batch of 50. Pressed as a Universal Action, the preview card itself changes in place: "Confirmed"
 * with who and when (or "Cancelled"); another admin's press is refused and leaves the card as it is.
 */
export function bulkActions(ctx: AdminContext): CardAction[] {
  const confirm = defineCardAction({
    action: 'admin.bulk.confirm',
    schema: bulkData,
    allowedRoles: bulkRoles,
    async run(req, data) {
      const at = ctx.clock.now();
      let progressId: string | undefined;
      const show = async (card: Record<string, unknown>): Promise<void> => {
        const activity = { type: 'message', attachments: [renderCard('admin-bulk-progress', card)] };
        if (progressId) await req.turn.updateActivity({ ...activity, id: progressId });
        else progressId = (await req.turn.sendActivity(activity))?.id;
      };
      // Teams allows about 7 messages a second per conversation: update at most once a PROGRESS_EVERY_MS,
      // and a refused update never stops the change (the final summary below still replaces it).
      let shownAt = -Infinity;
      const result = await ctx.bulk.confirm(actorFrom(req.staff), data.id, async (done, total, action) => {
        if (performance.now() - shownAt < PROGRESS_EVERY_MS) return;
        shownAt = performance.now();
        await show(bulkProgressView(action, done, total)).catch(() => undefined);
      });
      if (result.kind === 'notYours') return tell(req, s.bulkNotYours);
      if (result.kind === 'expired') {
        if (isUniversalAction(req.turn)) return { card: await answeredCard(ctx, req, data.id) };
        return tell(req, s.bulkExpired);
      }
      await show(bulkProgressView(result.action, result.total, result.total, result.summary));
      if (!isUniversalAction(req.turn)) return;
      const byLine = confirmedByLine(req.staff.displayName, at, ctx.timezone);
      const title = s.card.progressTitle(result.action);
      return { card: doneCard({ title, status: s.card.confirmed, detail: s.card.appliedDetail, byLine }) };
    },
  });
  const cancel = defineCardAction({
    action: 'admin.bulk.cancel',
    schema: bulkData,
    allowedRoles: bulkRoles,
    async run(req, data) {
      const done = await ctx.bulk.cancel(actorFrom(req.staff), data.id);
      if (!isUniversalAction(req.turn)) return tell(req, done ? s.bulkCancelled : s.bulkExpired);
      const op = await ctx.bulk.find(data.id);
      if (!done && op && op.actor !== req.staff.aadObjectId) return tell(req, s.bulkNotYours);
      if (!done) return { card: await answeredCard(ctx, req, data.id) };
      const byLine = cancelledByLine(req.staff.displayName, ctx.clock.now(), ctx.timezone);
      const title = s.card.progressTitle(op?.action ?? 'change');
      return { card: doneCard({ title, status: s.card.cancelled, detail: s.bulkCancelled, byLine }) };
    },
  });
  return [confirm, cancel];
}
