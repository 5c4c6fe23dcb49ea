import { pipeline } from 'node:stream/promises';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../../logger';
import type { Clock } from '../../../ports/clock';
import type { SlotLedger } from '../../../ports/slot-ledger';
import type { StaffRepository } from '../../../ports/staff-repository';
import { actorFrom } from '../../../services/admin/admin-actor';
import type { ReportLinkSigner } from '../../../services/reports/report-link';
import type { ReportService } from '../../../services/reports/report-service';
import { downloadExpired, downloadInvalid, downloadRefused, downloadUsed } from '../../../strings/admin';
import { REPORT_ROUTE } from './report-handler';

export interface ReportRouteDeps {
  staff: StaffRepository;
  reports: ReportService;
  links: ReportLinkSigner;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  /** Where each link's nonce is claimed once (the database every instance shares): one download per link. */
  used: SlotLedger;
}

const TOKEN = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$/;

function plain(res: Response, status: number, text: string): void {
  res.sendRaw(status, text, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
}

/** The token travels in the query string: restify's router caps path parameters at 100 characters. */
function tokenOf(req: Request): string {
  try {
    return new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
  } catch {
    return '';
  }
}

/**
 * GET /api/reports/csv?token=<signed token>: streams the CSV the link was made for, once (a second use gets 410).
 * The link alone is not trusted:
 * the admin it names is read again, and their role and scope checked now (a demoted admin's link stops working).
 */
export function registerReportDownloadRoute(server: Server, deps: ReportRouteDeps): void {
  server.get(REPORT_ROUTE, async (req: Request, res: Response) => {
    const token = tokenOf(req);
    const check = TOKEN.test(token)
      ? deps.links.verify(token, deps.clock.now())
      : ({ ok: false, why: 'invalid' } as const);
    if (!check.ok) {
      plain(
        res,
        check.why === 'expired' ? 410 : 404,
        check.why === 'expired' ? downloadExpired : downloadInvalid,
      );
      return;
    }
    const { actor: actorId, organisation, status, nonce, exp } = check.payload;
    const first = await deps.used.claim(`report-link:${nonce ?? ''}`, 0, deps.clock.now(), new Date(exp));
    if (!first) {
      plain(res, 410, downloadUsed);
      return;
    }
    const admin = await deps.staff.findByAadObjectId(actorId);
    const csv = admin ? await deps.reports.csv(actorFrom(admin), { organisation, status }) : 'role';
    if (typeof csv === 'string') {
      plain(res, 403, downloadRefused);
      return;
    }
    const day = deps.clock.now().toISOString().slice(0, 10);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="mfa-status-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    try {
      await pipeline(csv, res);
    } catch (err) {
      deps.logger.warn({ err }, 'report download interrupted');
      res.destroy();
    }
  });
}
