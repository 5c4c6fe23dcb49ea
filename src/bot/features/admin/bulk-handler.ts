import { z } from 'zod';
import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { rolesAllowed } from '../../../domain/permissions';
import { actorFrom } from '../../../services/admin/admin-actor';
import * as s from '../../../strings/admin';
import { defineCardAction, type CardAction, type TurnRequest } from '../../feature';
import type { AdminContext } from './admin-context';
import { bulkPreviewView, bulkProgressView } from './admin-views';

/** `bulk enable|disable …`: the preview card with Confirm / Cancel (nothing changes yet). */
export async function previewBulk(
  ctx: AdminContext,
  req: TurnRequest,
  c: Extract<AdminCommand, { kind: 'bulk' }>,
): Promise<void> {
  const p = await ctx.bulk.preview(actorFrom(req.staff), c.action, c.filter, c.reason);
  if (p.kind === 'refused') await req.turn.sendActivity(s.REFUSAL.role);
  else if (p.kind === 'tooMany') await req.turn.sendActivity(s.bulkTooMany(p.count, p.max));
  else if (p.kind === 'empty') await req.turn.sendActivity(s.bulkNothing(p.outOfScope, p.notFound.length));
  else {
    const card = renderCard('admin-bulk-preview', bulkPreviewView(p, c.reason, ctx.timezone));
    await req.turn.sendActivity({ attachments: [card] });
  }
}

const bulkData = z.object({ id: z.string().uuid() });
const bulkRoles = [...new Set([...rolesAllowed('bulkEnable'), ...rolesAllowed('bulkDisable')])];

/**
 * Confirm: only the admin who asked (the actor is activity.from, resolved by the bot, never card data),
 * within 10 minutes, once. Progress is ONE message updated in place after every batch of 50.
 */
export function bulkActions(ctx: AdminContext): CardAction[] {
  const confirm = defineCardAction({
    action: 'admin.bulk.confirm',
    schema: bulkData,
    allowedRoles: bulkRoles,
    async run(req, data) {
      let progressId: string | undefined;
      const show = async (card: Record<string, unknown>): Promise<void> => {
        const activity = { type: 'message', attachments: [renderCard('admin-bulk-progress', card)] };
        if (progressId) await req.turn.updateActivity({ ...activity, id: progressId });
        else progressId = (await req.turn.sendActivity(activity))?.id;
      };
      const result = await ctx.bulk.confirm(actorFrom(req.staff), data.id, (done, total, action) =>
        show(bulkProgressView(action, done, total)),
      );
      if (result.kind === 'notYours') await req.turn.sendActivity(s.bulkNotYours);
      else if (result.kind === 'expired') await req.turn.sendActivity(s.bulkExpired);
      else {
        const total = result.batches.reduce((a, b) => a + b, 0);
        await show(bulkProgressView(result.action, total, total, result.summary));
      }
    },
  });
  const cancel = defineCardAction({
    action: 'admin.bulk.cancel',
    schema: bulkData,
    allowedRoles: bulkRoles,
    async run(req, data) {
      const done = await ctx.bulk.cancel(actorFrom(req.staff), data.id);
      await req.turn.sendActivity(done ? s.bulkCancelled : s.bulkExpired);
    },
  });
  return [confirm, cancel];
}
