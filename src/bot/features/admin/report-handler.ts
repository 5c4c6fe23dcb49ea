import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { actorFrom } from '../../../services/admin/admin-actor';
import { matchOrganisation } from '../../../services/admin/organisation-match';
import { LINK_TTL_MS } from '../../../services/reports/report-link';
import * as s from '../../../strings/admin';
import type { TurnRequest } from '../../feature';
import type { AdminContext } from './admin-context';
import { reportView } from './admin-views';

export const REPORT_ROUTE = '/api/reports/csv';

/** What to tell an admin whose `--org` matched no organisation, or several. */
export function organisationProblem(
  match: { kind: 'unknown'; typed: string } | { kind: 'ambiguous'; typed: string; candidates: string[] },
): string {
  return match.kind === 'unknown'
    ? s.organisationUnknown(match.typed)
    : s.organisationAmbiguous(match.typed, match.candidates);
}

/** `report [--org X] [--status Y]`: the summary card, with a short-lived signed link to the full CSV. */
export async function runReport(
  ctx: AdminContext,
  req: TurnRequest,
  c: Extract<AdminCommand, { kind: 'report' }>,
): Promise<void> {
  const actor = actorFrom(req.staff);
  let organisation: string | undefined;
  if (c.organisation !== undefined) {
    const match = await matchOrganisation(ctx.staff, c.organisation);
    if (match.kind !== 'found') {
      await req.turn.sendActivity(organisationProblem(match));
      return;
    }
    organisation = match.organisation;
  }
  const filter = { organisation, status: c.status };
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
