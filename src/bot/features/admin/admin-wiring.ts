import { DocumentBulkOperationRepository } from '../../../adapters/store/bulk-operation-repository';
import type { AuditLog } from '../../../ports/audit-log';
import type { Clock } from '../../../ports/clock';
import type { DocumentStore } from '../../../ports/document-store';
import type { Messenger } from '../../../ports/messenger';
import type { MfaPolicyHook } from '../../../ports/mfa-policy-groups';
import type { StaffRepository } from '../../../ports/staff-repository';
import { AdminService } from '../../../services/admin/admin-service';
import { BulkService } from '../../../services/admin/bulk-service';
import { UserResolver } from '../../../services/admin/user-resolver';
import { ReportLinkSigner } from '../../../services/reports/report-link';
import { ReportService } from '../../../services/reports/report-service';
import type { AdminContext } from './admin-context';

export interface AdminWiringDeps {
  store: DocumentStore;
  staff: StaffRepository;
  audit: AuditLog;
  messenger: Messenger;
  clock: Clock;
  mfaPolicy?: MfaPolicyHook;
  entra?: AdminContext['entra'];
  config: {
    /** Temporary Access Pass settings (TAP_LIFETIME_MINUTES, TAP_USABLE_ONCE; their defaults when absent). */
    enrolment?: { accessPass: { lifetimeMinutes: number; usableOnce: boolean } };
    timezone: string;
    port: number;
    publicBaseUrl?: string;
    encryptionKey?: Buffer;
    /** Default 60 (BULK_RESUME_AFTER_SECONDS). */
    bulkResumeAfterSeconds?: number;
  };
}

/** Builds the admin services over the app's store and repositories (called from src/app.ts). */
export function createAdminContext(deps: AdminWiringDeps): AdminContext {
  const { staff, audit, messenger, clock, config } = deps;
  const admin = new AdminService({
    staff,
    audit,
    messenger,
    clock,
    timezone: config.timezone,
    policy: deps.mfaPolicy,
  });
  const operations = new DocumentBulkOperationRepository(deps.store);
  return {
    admin,
    bulk: new BulkService({
      staff,
      operations,
      admin,
      clock,
      resumeAfterMs: (config.bulkResumeAfterSeconds ?? 60) * 1000,
    }),
    reports: new ReportService({ staff, audit, clock }),
    resolver: new UserResolver(staff),
    staff,
    audit,
    links: new ReportLinkSigner(config.encryptionKey),
    clock,
    timezone: config.timezone,
    downloadBaseUrl: (config.publicBaseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, ''),
    messenger,
    entra: deps.entra,
    accessPass: config.enrolment?.accessPass ?? { lifetimeMinutes: 60, usableOnce: true },
  };
}
