import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { actorFrom } from '../../../services/admin/admin-actor';
import { LINK_TTL_MS } from '../../../services/reports/report-link';
import * as s from '../../../strings/admin';
import type { TurnRequest } from '../../feature';
import type { AdminContext } from './admin-context';
import { reportView } from './admin-views';

export const REPORT_ROUTE = '/api/reports/csv';

/** `report [--org X] [--status Y]`: the summary card, with a short-lived signed link to the full CSV. */
export async function runReport(
  ctx: AdminContext,
  req: TurnRequest,
  c: Extract<AdminCommand, { kind: 'report' }>,
): Promise<void> {
  const actor = actorFrom(req.staff);
  const filter = { organisation: c.organisation, status: c.status };
  const summary = await ctx.reports.summary(actor, filter);
  if (typeof summary === 'string') {
    await req.turn.sendActivity(s.REFUSAL[summary]);
    return;
  }
  const token = ctx.links.sign({
    actor: actor.aadObjectId,
    ...filter,
    exp: ctx.clock.now().getTime() + LINK_TTL_MS,
  });
  const download = {
    url: `${ctx.downloadBaseUrl}${REPORT_ROUTE}?token=${token}`,
    minutes: LINK_TTL_MS / 60_000,
  };
  await req.turn.sendActivity({ attachments: [renderCard('admin-report', reportView(summary, download))] });
}
