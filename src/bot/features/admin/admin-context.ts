import type { AuditLog } from '../../../ports/audit-log';
import type { Clock } from '../../../ports/clock';
import type { StaffRepository } from '../../../ports/staff-repository';
import type { AdminService } from '../../../services/admin/admin-service';
import type { BulkService } from '../../../services/admin/bulk-service';
import type { UserResolver } from '../../../services/admin/user-resolver';
import type { ReportLinkSigner } from '../../../services/reports/report-link';
import type { ReportService } from '../../../services/reports/report-service';

/** What the admin commands are built from (see createAdminServices in admin-wiring.ts). */
export interface AdminContext {
  admin: AdminService;
  bulk: BulkService;
  reports: ReportService;
  resolver: UserResolver;
  /** For matching `--org` text to an organisation (services/admin/organisation-match.ts). */
  staff: StaffRepository;
  audit: AuditLog;
  links: ReportLinkSigner;
  clock: Clock;
  timezone: string;
  /** Where the bot is reachable over HTTP, for report download links (no trailing slash). */
  downloadBaseUrl: string;
}
