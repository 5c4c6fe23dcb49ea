import type { Server } from 'restify';
import { DocumentAuditLog } from '../../../adapters/store/audit-log';
import { DocumentBulkOperationRepository } from '../../../adapters/store/bulk-operation-repository';
import { DocumentLeaseRepository } from '../../../adapters/store/lease-repository';
import { DocumentSlotLedger } from '../../../adapters/store/slot-ledger';
import { DocumentTicketRepository } from '../../../adapters/store/ticket-repository';
import { createTeamsMessenger } from '../../../adapters/teams/create-teams-messenger';
import type { Config } from '../../../config';
import type { Logger } from '../../../logger';
import type { AuditLog } from '../../../ports/audit-log';
import type { Clock } from '../../../ports/clock';
import type { ConversationReferenceRepository } from '../../../ports/conversation-reference-repository';
import type { DocumentStore } from '../../../ports/document-store';
import type { Messenger } from '../../../ports/messenger';
import type { MfaPolicyHook } from '../../../ports/mfa-policy-groups';
import type { StaffRepository } from '../../../ports/staff-repository';
import { ExceptionSweeper } from '../../../services/sweeper/exception-sweeper';
import type { Feature } from '../../feature';
import { createAdminFeature } from '../admin-feature';
import type { AdminContext } from './admin-context';
import { createAdminContext } from './admin-wiring';
import { registerReportDownloadRoute } from './report-download-route';

/** What adminModuleFor needs from the app's services (AppServices has it all; `messenger` once it is wired). */
export interface AdminModuleServices {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: DocumentStore;
  staff: StaffRepository;
  audit: AuditLog;
  conversations: ConversationReferenceRepository;
  messenger?: Messenger;
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

const modules = new WeakMap<object, AdminModule>();

/**
 * The one admin module of an app (memoised per services object), wired in src/app.ts with two lines:
 *   adminModuleFor(services).feature                                  (in the features list)
 *   adminModuleFor(services).start(server.server, (h) => closeHooks.push(h))   (after the server exists)
 * Uses services.messenger when the app has one, otherwise its own Teams messenger.
 */
export function adminModuleFor(services: AdminModuleServices): AdminModule {
  const existing = modules.get(services);
  if (existing) return existing;
  let stopLimiter: (() => Promise<void>) | undefined;
  let messenger = services.messenger;
  if (!messenger) {
    const own = createTeamsMessenger({
      settings: services.config,
      references: services.conversations,
      ledger: new DocumentSlotLedger(services.store),
      clock: services.clock,
    });
    messenger = own.messenger;
    stopLimiter = () => own.limiter.stop();
  }
  const { config } = services;
  const context = createAdminContext({ ...services, messenger, config });
  const sweeper = new ExceptionSweeper({
    staff: services.staff,
    audit: services.audit,
    messenger,
    clock: services.clock,
    leases: new DocumentLeaseRepository(services.store),
    bulkOperations: new DocumentBulkOperationRepository(services.store),
    retention: [
      { name: 'audit', target: new DocumentAuditLog(services.store), days: config.retention.auditDays },
      {
        name: 'closedTickets',
        target: new DocumentTicketRepository(services.store),
        days: config.retention.closedTicketDays,
      },
      // Slot claims (send budget, expensive commands) a day after they expired; the send budget also sweeps
      // expired ones every 10 s while it sends.
      { name: 'slotClaims', target: new DocumentSlotLedger(services.store), days: 1 },
    ],
    timezone: config.timezone,
    logger: services.logger,
    policy: services.mfaPolicy,
  });
  const module: AdminModule = {
    context,
    feature: createAdminFeature(context),
    sweeper,
    start(server, onClose) {
      registerReportDownloadRoute(server, { ...services, reports: context.reports, links: context.links });
      sweeper.start();
      onClose(async () => {
        await sweeper.stop();
        await stopLimiter?.();
      });
    },
  };
  modules.set(services, module);
  return module;
}
