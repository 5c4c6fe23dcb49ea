import type { Server } from 'restify';
import { DocumentAuditLog } from '../adapters/store/audit-log';
import { DocumentBulkOperationRepository } from '../adapters/store/bulk-operation-repository';
import { DocumentLeaseRepository } from '../adapters/store/lease-repository';
import { DocumentSlotLedger } from '../adapters/store/slot-ledger';
import { DocumentTicketRepository } from '../adapters/store/ticket-repository';
import { createAdminFeature } from '../bot/features/admin-feature';
import type { AdminContext } from '../bot/features/admin/admin-context';
import { registerReportDownloadRoute } from '../bot/features/admin/report-download-route';
import type { Feature } from '../bot/feature';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import type { Messenger } from '../ports/messenger';
import type { MfaPolicyHook } from '../ports/mfa-policy-groups';
import type { StaffRepository } from '../ports/staff-repository';
import { AdminService } from '../services/admin/admin-service';
import { BulkService } from '../services/admin/bulk-service';
import { UserResolver } from '../services/admin/user-resolver';
import { ReportLinkSigner } from '../services/reports/report-link';
import { ReportService } from '../services/reports/report-service';
import { ExceptionSweeper } from '../services/sweeper/exception-sweeper';

export interface AdminWiring {
  config: Pick<
    Config,
    | 'timezone'
    | 'port'
    | 'publicBaseUrl'
    | 'encryptionKey'
    | 'bulkResumeAfterSeconds'
    | 'retention'
    | 'enrolment'
  >;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock: Clock;
  store: DocumentStore;
  staff: StaffRepository;
  audit: AuditLog;
  messenger: Messenger;
  /** Graph policy groups (when GRAPH_* is configured): admin changes and expiries are mirrored in the tenant. */
  mfaPolicy?: MfaPolicyHook;
  /** Enrolment that ends in Entra: live method reads for `status`, Temporary Access Passes for `tap`. */
  entra?: AdminContext['entra'];
}

export interface AdminModule {
  context: AdminContext;
  feature: Feature;
  sweeper: ExceptionSweeper;
  /** Adds the report download route to the HTTP server and starts the exception sweeper; `onClose` stops it. */
  start(server: Server, onClose: (hook: () => Promise<void>) => void): void;
}

/** The services behind the admin commands (also what their unit tests drive directly). */
export function buildAdminContext(w: Omit<AdminWiring, 'logger'>): AdminContext {
  const { staff, audit, messenger, clock, config } = w;
  const admin = new AdminService({
    staff,
    audit,
    messenger,
    clock,
    timezone: config.timezone,
    policy: w.mfaPolicy,
  });
  return {
    admin,
    bulk: new BulkService({
      staff,
      operations: new DocumentBulkOperationRepository(w.store),
      admin,
      clock,
      resumeAfterMs: config.bulkResumeAfterSeconds * 1000,
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
    entra: w.entra,
    accessPass: config.enrolment.accessPass,
  };
}

/**
 * The admin commands, the report download route and the exception sweeper (which also applies the retention
 * rules), built once by src/app.ts over the app's store and messenger.
 */
export function buildAdmin(w: AdminWiring): AdminModule {
  const { config, store } = w;
  const context = buildAdminContext(w);
  const sweeper = new ExceptionSweeper({
    staff: w.staff,
    audit: w.audit,
    messenger: w.messenger,
    clock: w.clock,
    leases: new DocumentLeaseRepository(store),
    bulkOperations: new DocumentBulkOperationRepository(store),
    retention: [
      { name: 'audit', target: new DocumentAuditLog(store), days: config.retention.auditDays },
      {
        name: 'closedTickets',
        target: new DocumentTicketRepository(store),
        days: config.retention.closedTicketDays,
      },
      // Slot claims (send budget, expensive commands) a day after they expired; the send budget also sweeps
      // expired ones every 10 s while it sends.
      { name: 'slotClaims', target: new DocumentSlotLedger(store), days: 1 },
    ],
    timezone: config.timezone,
    logger: w.logger,
    policy: w.mfaPolicy,
  });
  return {
    context,
    feature: createAdminFeature(context),
    sweeper,
    start(server, onClose) {
      registerReportDownloadRoute(server, {
        ...w,
        reports: context.reports,
        links: context.links,
        used: new DocumentSlotLedger(store),
      });
      sweeper.start();
      onClose(() => sweeper.stop());
    },
  };
}
