import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import { REACH_EXPORT_ROUTE, registerReachExportRoute } from '../bot/features/campaigns/reach-export-route';
import { LINK_TTL_MS, ReportLinkSigner } from '../services/reports/report-link';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { GraphModule } from '../adapters/graph/graph-module';
import { GraphTeamsAppInstaller } from '../adapters/graph/graph-teams-app-installer';
import { InstallRateLimiter } from '../adapters/graph/install-rate-limiter';
import { DocumentCampaignRepository } from '../adapters/store/campaign-repository';
import { DocumentOutboxRepository } from '../adapters/store/outbox-repository';
import { DocumentTeamsInstallRepository } from '../adapters/store/teams-install-repository';
import { createReminderComposer } from '../bot/features/campaigns/reminder-card';
import { createCampaignFeature } from '../bot/features/campaign-feature';
import type { Feature } from '../bot/feature';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { ConversationReferenceRepository } from '../ports/conversation-reference-repository';
import type { DocumentStore } from '../ports/document-store';
import type { Messenger } from '../ports/messenger';
import type { SlotLedger } from '../ports/slot-ledger';
import type { StaffRepository } from '../ports/staff-repository';
import { CampaignAdminService } from '../services/campaigns/campaign-admin-service';
import { createReminderCounter } from '../services/campaigns/campaign-metrics';
import { CampaignPlanner } from '../services/campaigns/campaign-planner';
import { CampaignWorker } from '../services/campaigns/campaign-worker';
import { DeadlineSummary } from '../services/campaigns/deadline-summary';
import { ReminderDispatcher } from '../services/campaigns/reminder-dispatcher';
import { SnoozeService } from '../services/campaigns/snooze-service';
import { TeamsReach } from '../services/reach/teams-reach';
import { EmailFallback } from '../services/campaigns/email-fallback';
import { createEmailNotifier } from '../adapters/notify/create-notifier';
import { createEmailOptOutFeature } from '../bot/features/email-opt-out-feature';

export interface CampaignWiring {
  config: Pick<
    Config,
    | 'timezone'
    | 'organisationName'
    | 'deadline'
    | 'campaigns'
    | 'reach'
    | 'app'
    | 'graph'
    | 'emailReminders'
    | 'dataDir'
    | 'env'
    | 'teamsApp'
    | 'encryptionKey'
    | 'publicBaseUrl'
    | 'port'
  >;
  store: DocumentStore;
  staff: StaffRepository;
  conversations: ConversationReferenceRepository;
  slots: SlotLedger;
  clock: Clock;
  logger: Logger;
  messenger: Messenger;
  audit?: AuditLog;
  metrics?: { registry: Registry };
  /** Microsoft Graph (GRAPH_* set): with TEAMS_APP_CATALOG_ID, proactive install reaches everyone targeted. */
  graph?: Pick<GraphModule, 'createApi' | 'baseUrl'>;
}

export interface CampaignModule {
  admin: CampaignAdminService;
  snoozes: SnoozeService;
  worker: CampaignWorker;
  dispatcher: ReminderDispatcher;
  /** Proactive install, when configured. */
  reach?: TeamsReach;
  features: Feature[];
  /** Adds the reach export route, starts the worker; `onClose` stops it (and the install budget). */
  start(server: Server, onClose: (hook: () => Promise<void>) => void): void;
}

/**
 * The reminder campaigns, built once by src/app.ts: repositories over the store, the proactive-install
 * adapter over Graph when configured, the planner, dispatcher and worker, and the chat feature.
 */
export function buildCampaigns(w: CampaignWiring): CampaignModule {
  const { config, store, staff, clock, messenger } = w;
  const registry = w.metrics?.registry;
  const logger = w.logger.child({ area: 'campaigns' });
  const campaigns = new DocumentCampaignRepository(store);
  const outbox = new DocumentOutboxRepository(store);
  const common = { campaigns, outbox, staff, clock, timezone: config.timezone };
  const defaults = {
    sendWindow: config.campaigns.sendWindow,
    offsetsDays: config.campaigns.reminderOffsetsDays,
  };
  const install = buildReach(w, logger);
  const emailNotifier = createEmailNotifier(config, clock);
  const email = emailNotifier
    ? new EmailFallback({
        notifier: emailNotifier,
        outbox,
        timezone: config.timezone,
        organisationName: config.organisationName,
        link: `https://teams.microsoft.com/l/app/${config.teamsApp.appId ?? config.app.id}`,
        logger,
      })
    : undefined;
  const admin = new CampaignAdminService({ ...common, defaults, audit: w.audit, logger });
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
    reach: install?.reach,
    email,
  });
  const worker = new CampaignWorker(planner, dispatcher, config.campaigns.workerIntervalMs, logger);
  const links = new ReportLinkSigner(config.encryptionKey);
  const baseUrl = (config.publicBaseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  const feature = createCampaignFeature({
    admin,
    snoozes,
    clock,
    timezone: config.timezone,
    defaults,
    deadline: config.deadline,
    exportLink: (actor, campaignId) =>
      `${baseUrl}${REACH_EXPORT_ROUTE}?token=${links.sign({
        actor: actor.aadObjectId,
        campaign: campaignId,
        exp: clock.now().getTime() + LINK_TTL_MS,
      })}`,
  });
  return {
    admin,
    snoozes,
    worker,
    dispatcher,
    reach: install?.reach,
    features: w.audit
      ? [feature, ...(email ? [createEmailOptOutFeature({ staff, audit: w.audit, clock })] : [])]
      : [feature],
    start(server, onClose) {
      registerReachExportRoute(server, { staff, admin, links, clock });
      worker.start();
      onClose(async () => {
        await worker.stop();
        await install?.limiter.stop();
      });
    },
  };
}

/** Proactive install over Graph: on when TEAMS_APP_CATALOG_ID and Graph are both configured. */
function buildReach(
  w: CampaignWiring,
  logger: Logger,
): { reach: TeamsReach; limiter: InstallRateLimiter } | undefined {
  const { config, graph } = w;
  const catalogAppId = config.reach.catalogAppId;
  if (!config.reach.proactiveInstall || !graph || !catalogAppId || !config.graph) return undefined;
  return buildTeamsReach({
    graph,
    catalogAppId,
    tenantId: config.graph.tenantId,
    botAppId: config.app.id,
    serviceUrl: config.reach.serviceUrl,
    staleMs: config.campaigns.leaseMs,
    installRatePerSecond: config.reach.installRatePerSecond,
    store: w.store,
    slots: w.slots,
    conversations: w.conversations,
    clock: w.clock,
    logger,
  });
}

/** The proactive-install chain: install budget -> Graph client that pauses it on 429 -> installer -> TeamsReach. */
export function buildTeamsReach(p: {
  graph: Pick<GraphModule, 'createApi' | 'baseUrl'>;
  catalogAppId: string;
  tenantId: string;
  botAppId: string;
  serviceUrl: string;
  installRatePerSecond: number;
  /** CAMPAIGN_LEASE_MS: an install begun longer ago by a worker that died is tried again. */
  staleMs?: number;
  store: DocumentStore;
  slots: SlotLedger;
  conversations: ConversationReferenceRepository;
  clock: Clock;
  logger?: Logger;
}): { reach: TeamsReach; limiter: InstallRateLimiter; installs: DocumentTeamsInstallRepository } {
  const limiter = new InstallRateLimiter({
    ratePerSecond: p.installRatePerSecond,
    tenantId: p.tenantId,
    ledger: p.slots,
    logger: p.logger,
  });
  const api = p.graph.createApi({
    onRetry: (info) => {
      if (info.status === 429) limiter.pauseFor(info.delayMs);
      p.logger?.warn(info, 'Microsoft Graph throttled or unavailable during proactive install: retrying');
    },
  });
  const installer = new GraphTeamsAppInstaller(api, limiter, {
    catalogAppId: p.catalogAppId,
    graphBaseUrl: p.graph.baseUrl,
  });
  const installs = new DocumentTeamsInstallRepository(p.store);
  const reach = new TeamsReach({
    installer,
    installs,
    conversations: p.conversations,
    clock: p.clock,
    tenantId: p.tenantId,
    botId: `28:${p.botAppId}`,
    defaultServiceUrl: p.serviceUrl,
    staleMs: p.staleMs,
    logger: p.logger,
  });
  return { reach, limiter, installs };
}
