import { stringify } from 'csv-stringify/sync';
import type { Request, Response, Server } from 'restify';
import type { Clock } from '../../../ports/clock';
import type { StaffRepository } from '../../../ports/staff-repository';
import type { CampaignAdminService } from '../../../services/campaigns/campaign-admin-service';
import type { ReportLinkSigner } from '../../../services/reports/report-link';
import { downloadExpired, downloadInvalid, downloadRefused } from '../../../strings/admin';

export const REACH_EXPORT_ROUTE = '/api/campaigns/reach.csv';

const TOKEN = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$/;

export const REACH_CSV_COLUMNS = ['upn', 'organisation', 'reason', 'emailed'] as const;

function plain(res: Response, status: number, text: string): void {
  res.sendRaw(status, text, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
}

/**
 * GET /api/campaigns/reach.csv?token=<signed token>: everyone the campaign could not reach in Teams, with the
 * reason and whether they were emailed (the status card lists the first 20). The token is a report link
 * naming the campaign; the admin it names is read again and must still be allowed to see the campaign.
 */
export function registerReachExportRoute(
  server: Server,
  deps: { staff: StaffRepository; admin: CampaignAdminService; links: ReportLinkSigner; clock: Clock },
): void {
  server.get(REACH_EXPORT_ROUTE, async (req: Request, res: Response) => {
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
    const check = TOKEN.test(token)
      ? deps.links.verify(token, deps.clock.now())
      : ({ ok: false, why: 'invalid' } as const);
    if (!check.ok || !check.payload.campaign) {
      const expired = !check.ok && check.why === 'expired';
      plain(res, expired ? 410 : 404, expired ? downloadExpired : downloadInvalid);
      return;
    }
    const actor = await deps.staff.findByAadObjectId(check.payload.actor);
    const status = actor
      ? await deps.admin.statusById(actor, check.payload.campaign).catch(() => undefined)
      : undefined;
    if (!status) {
      plain(res, 403, downloadRefused);
      return;
    }
    const rows = status.funnel.unreachableDetails.map((u) => [
      u.upn,
      u.organisation,
      u.reason,
      u.emailed ? 'yes' : 'no',
    ]);
    const csv = stringify([[...REACH_CSV_COLUMNS], ...rows]);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="campaign-reach-${deps.clock.now().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(csv);
  });
}
