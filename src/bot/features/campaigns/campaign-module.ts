import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import { DocumentCampaignRepository } from '../../../adapters/store/campaign-repository';
import { DocumentOutboxRepository } from '../../../adapters/store/outbox-repository';
import { DocumentSlotLedger } from '../../../adapters/store/slot-ledger';
import { createTeamsMessenger } from '../../../adapters/teams/create-teams-messenger';
import type { Config } from '../../../config';
import type { Logger } from '../../../logger';
import type { AuditLog } from '../../../ports/audit-log';
import type { Clock } from '../../../ports/clock';
import type { ConversationReferenceRepository } from '../../../ports/conversation-reference-repository';
import type { DocumentStore } from '../../../ports/document-store';
import type { Messenger } from '../../../ports/messenger';
import type { StaffRepository } from '../../../ports/staff-repository';
import { CampaignAdminService } from '../../../services/campaigns/campaign-admin-service';
import { createReminderCounter } from '../../../services/campaigns/campaign-metrics';
import { CampaignPlanner } from '../../../services/campaigns/campaign-planner';
import { CampaignWorker } from '../../../services/campaigns/campaign-worker';
import { DeadlineSummary } from '../../../services/campaigns/deadline-summary';
import { ReminderDispatcher } from '../../../services/campaigns/reminder-dispatcher';
import { SnoozeService } from '../../../services/campaigns/snooze-service';
import type { Feature } from '../../feature';
import { createCampaignFeature } from '../campaign-feature';
import { createReminderComposer } from './reminder-card';

/** What the campaigns need from the app's services (AppServices has all of it; `messenger` when wired). */
export interface CampaignModuleServices {
  config: Config;
  store: DocumentStore;
  staff: StaffRepository;
  conversations: ConversationReferenceRepository;
  clock: Clock;
  logger: Logger;
  audit?: AuditLog;
  metrics?: { registry: Registry };
  messenger?: Messenger;
}

export interface CampaignModule {
  admin: CampaignAdminService;
  snoozes: SnoozeService;
  worker: CampaignWorker;
  features: Feature[];
}

const modules = new WeakMap<object, CampaignModule>();

/**
 * The campaigns of an app, built once per services object:
 *   ...campaignModuleFor(services).features        (in createApp's features list)
 *   startCampaignWorker(services, onClose)          (starts the worker, stops it on shutdown)
 */
export function campaignModuleFor(services: CampaignModuleServices): CampaignModule {
  const existing = modules.get(services);
  if (existing) return existing;
  const { config, store, staff, clock } = services;
  const registry = services.metrics?.registry;
  const logger = services.logger.child({ area: 'campaigns' });
  const messenger =
    services.messenger ??
    createTeamsMessenger({
      settings: config,
      references: services.conversations,
      ledger: new DocumentSlotLedger(store),
      clock,
      registry,
      logger,
    }).messenger;
  const campaigns = new DocumentCampaignRepository(store);
  const outbox = new DocumentOutboxRepository(store);
  const common = { campaigns, outbox, staff, clock, timezone: config.timezone };
  const defaults = {
    sendWindow: config.campaigns.sendWindow,
    offsetsDays: config.campaigns.reminderOffsetsDays,
  };
  const admin = new CampaignAdminService({ ...common, defaults, audit: services.audit, logger });
  const snoozes = new SnoozeService(common);
  const summary = new DeadlineSummary({ ...common, messenger, logger });
  const planner = new CampaignPlanner({
    ...common,
    logger,
    onFinished: async (c) => void (await summary.send(c)),
  });
  const dispatcher = new ReminderDispatcher({
    ...common,
    messenger,
    compose: createReminderComposer({ timezone: config.timezone, organisationName: config.organisationName }),
    workerId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    leaseMs: config.campaigns.leaseMs,
    batchSize: config.campaigns.batchSize,
    counter: registry ? createReminderCounter(registry) : undefined,
    logger,
  });
  const worker = new CampaignWorker(planner, dispatcher, config.campaigns.workerIntervalMs, logger);
  const feature = createCampaignFeature({
    admin,
    snoozes,
    clock,
    timezone: config.timezone,
    defaults,
    deadline: config.deadline,
  });
  const module: CampaignModule = { admin, snoozes, worker, features: [feature] };
  modules.set(services, module);
  return module;
}

/** Starts the campaign worker and registers its stop with the app's shutdown. */
export function startCampaignWorker(
  services: CampaignModuleServices,
  onClose: (hook: () => Promise<void>) => void,
): void {
  const { worker } = campaignModuleFor(services);
  worker.start();
  onClose(() => worker.stop());
}
