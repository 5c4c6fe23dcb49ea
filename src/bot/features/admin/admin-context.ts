import type { AuditLog } from '../../../ports/audit-log';
import type { Messenger } from '../../../ports/messenger';
import type { AccessPasses } from '../../../services/entra/access-passes';
import type { EntraMethodsReader } from '../../../services/entra/entra-methods-reader';
import type { Clock } from '../../../ports/clock';
import type { StaffRepository } from '../../../ports/staff-repository';
import type { AdminService } from '../../../services/admin/admin-service';
import type { BulkService } from '../../../services/admin/bulk-service';
import type { UserResolver } from '../../../services/admin/user-resolver';
import type { ReportLinkSigner } from '../../../services/reports/report-link';
import type { ReportService } from '../../../services/reports/report-service';

/** What the admin commands are built from (built once by buildAdminContext in src/composition/admin.ts). */
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
  /** Proactive messages (the Temporary Access Pass goes to the person's own chat). */
  messenger: Messenger;
  /** Enrolment that ends in Entra (Graph configured): live method reads for `status`, and `tap`. */
  entra?: { reader: EntraMethodsReader; passes: AccessPasses };
  /** Temporary Access Pass settings, for the confirmation card. */
  accessPass: { lifetimeMinutes: number; usableOnce: boolean };
}
