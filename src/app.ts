import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import { DocumentAuditLog } from './adapters/store/audit-log';
import { DocumentSlotLedger } from './adapters/store/slot-ledger';
import { DocumentBotStorage } from './adapters/store/document-bot-storage';
import { DocumentConversationReferenceRepository } from './adapters/store/conversation-reference-repository';
import { openStore } from './adapters/store/open-store';
import { DocumentStaffRepository } from './adapters/store/staff-repository';
import type { GraphModule } from './adapters/graph/graph-module';
import type { EntraEnrolment } from '../dialogs/enrolment-context';
import { createBot } from './bot/create-bot';
import type { Feature } from './bot/feature';
import { createHelpFeature } from './bot/help-feature';
import { buildAdmin, type AdminModule } from './composition/admin';
import { createEnrolmentFeature } from './bot/features/enrolment-feature';
import { buildEnrolment, readEntraFor, type Enrolment } from './composition/enrolment';
import { buildFaq, type FaqModule } from './composition/faq';
import { buildCampaigns, type CampaignModule } from './composition/campaigns';
import { createMyStatusFeature } from './bot/features/my-status-feature';
import { createDirectorySyncFeature } from './bot/features/directory-sync-feature';
import type { MfaBot } from './bot/mfa-bot';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { instrumentStore } from './metrics-store';
import type { AuditLog } from './ports/audit-log';
import type { ChatStateRepository } from './ports/chat-state-repository';
import { systemClock, type Clock } from './ports/clock';
import type { ConversationReferenceRepository } from './ports/conversation-reference-repository';
import type { Messenger } from './ports/messenger';
import { createTeamsMessenger } from './adapters/teams/create-teams-messenger';
import type { DocumentStore } from './ports/document-store';
import type { StaffRepository } from './ports/staff-repository';
import { createMetricsServer } from './metrics-server';
import { createServer, type BotServer } from './server';

/**
 * The composition root: the one place that chooses adapters and wires store -> repositories ->
 * services -> features -> bot -> HTTP server. src/index.ts and the tests both start the bot through here.
 */
export interface AppOverrides {
  store?: DocumentStore;
  clock?: Clock;
  logger?: Logger;
  /** Replaces the feature list below (the core help feature is always there, first). */
  features?: Feature[];
}

/** Everything features and workers are built from. Add your repositories and services here. */
export interface AppServices {
  config: Config;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  store: DocumentStore;
  staff: StaffRepository;
  /** Personal chats' dialog state, on the person's staff record (the same repository as `staff`). */
  chats: ChatStateRepository;
  conversations: ConversationReferenceRepository;
  audit: AuditLog;
  botStorage: DocumentBotStorage;
  /** Numbered claims shared by every instance: the Teams send budget and the expensive-command limit. */
  slots: DocumentSlotLedger;
  /** Proactive Teams messages: one rate-limited sender per process, shared by every feature. */
  messenger: Messenger;
  /** Microsoft Graph (GRAPH_* set): tenant policy groups, directory sync and its freshness for `status`. */
  graph?: GraphModule;
  /** Enrolment that ends in Entra (Graph configured): method reads and Temporary Access Passes for admins. */
  entra?: EntraEnrolment;
  mfaPolicy?: GraphModule['policy'];
}

export interface App {
  server: BotServer;
  bot: MfaBot;
  adapter: CloudAdapter;
  store: DocumentStore;
  services: AppServices;
  features: readonly Feature[];
  /** The parts built here that tests and tools reach into (the sweeper, the Entra re-check, the FAQ). */
  modules: { admin: AdminModule; faq: FaqModule; enrolment: Enrolment; campaigns: CampaignModule };
  listen(port?: number): Promise<AddressInfo>;
  /** Where GET /metrics listens (METRICS_PORT, METRICS_HOST) once listen() ran; undefined when not served. */
  metricsAddress(): AddressInfo | undefined;
  /** Stops accepting, waits for turns in flight (up to config.shutdownGraceMs), runs onClose hooks, closes the store. */
  close(): Promise<void>;
  /** Background work (workers, timers) registers its stop function here; run before the store closes. */
  onClose(hook: () => Promise<void>): void;
}

/**
 * Builds the whole bot. The store is MongoDB when MONGODB_URL is set (connected here; when the database is
 * unreachable the bot starts anyway: /readyz 503, turns get "I can't reach my records", and it recovers by
 * itself when the database returns), otherwise the embedded file store in DATA_DIR.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const metrics = new Metrics({ defaultMetrics: true });
  const rawStore = overrides.store ?? (await openStore(config, logger, { deferIfUnavailable: true }));
  const store = instrumentStore(rawStore, metrics);

  const slots = new DocumentSlotLedger(store);
  const conversations = new DocumentConversationReferenceRepository(store);
  const teams = createTeamsMessenger({
    settings: config,
    ledger: slots,
    references: conversations,
    clock,
    registry: metrics.registry,
    logger,
  });
  const messenger = teams.messenger;
  const staff = new DocumentStaffRepository(store);
  const services: AppServices = {
    config,
    logger,
    clock,
    metrics,
    store,
    staff,
    chats: staff,
    conversations,
    audit: new DocumentAuditLog(store),
    botStorage: new DocumentBotStorage(store, clock),
    slots,
    messenger,
  };
  if (config.graph) {
    // Loaded only when configured: MSAL and the Graph client are about 20 MB of memory a CSV-directory bot never uses.
    const { createGraphModule } = await import('./adapters/graph/graph-module');
    services.graph = createGraphModule(config.graph, services);
    services.mfaPolicy = services.graph.policy;
  }
  logger.info(
    { directory: config.graph ? 'graph' : 'csv', registrations: config.graph ? 'graph+bot' : 'bot' },
    config.graph
      ? 'directory source: Microsoft Graph (scheduled sync and `npm run sync`); registration source: Microsoft Graph report and the bot'
      : 'directory source: CSV import (`npm run import`); registration source: the bot only (Microsoft Graph not configured)',
  );

  const faqModule = buildFaq({ config, store, clock, messenger, audit: services.audit, logger });
  const enrolment = buildEnrolment({
    config,
    store,
    staff: services.staff,
    audit: services.audit,
    clock,
    logger,
    tickets: faqModule.tickets,
    faq: faqModule.faq,
    gateway: services.graph?.methods,
    isInGroup: services.graph?.isInGroup,
    messenger: services.messenger,
  });
  await enrolment.announce();
  services.entra = enrolment.deps.entra;
  const admin = buildAdmin({ ...services, messenger });
  const campaigns = buildCampaigns(services);

  const help = createHelpFeature({ features: () => features, config });
  // prettier-ignore
  const features: Feature[] = overrides.features ? [help, ...overrides.features] : [
    help,
    createMyStatusFeature({
      clock,
      config,
      commands: () => features.flatMap((f) => f.commands ?? []),
      readEntra: enrolment.deps.entra ? readEntraFor(enrolment.deps.entra) : undefined,
    }),
    admin.feature, // before the FAQ: an admin's mistyped command gets "did you mean"
    createEnrolmentFeature(enrolment.deps),
    ...faqModule.features,
    ...campaigns.features,
    ...(services.graph ? [createDirectorySyncFeature({ status: services.graph.status, clock })] : []),
    // features: enrolment, faq, admin, campaigns add one line each here
  ];

  const { adapter, bot } = createBot({
    config,
    logger,
    metrics,
    clock,
    storage: services.botStorage,
    staff: services.staff,
    chats: services.chats,
    conversations: services.conversations,
    audit: services.audit,
    commandLedger: services.slots,
    features,
    showHelp: (req) => help.showHelp(req),
  });
  const server = createServer({ adapter, bot, store, logger, maxBodyBytes: config.maxBodyBytes });
  const metricsServer = config.metrics ? createMetricsServer(metrics, logger) : undefined;
  let metricsAddress: AddressInfo | undefined;
  const closeHooks: (() => Promise<void>)[] = [];
  campaigns.start(server.server, (hook) => void closeHooks.push(hook));
  admin.start(server.server, (hook) => void closeHooks.push(hook));
  closeHooks.push(() => Promise.resolve(faqModule.close()));
  services.graph?.start((hook) => void closeHooks.push(hook));
  if (enrolment.checks) {
    const checks = enrolment.checks;
    checks.start();
    closeHooks.push(() => checks.stop());
  }
  // After the campaigns have stopped sending: the send budgets' timers and the sender thread.
  closeHooks.push(() => teams.limiter.stop());
  let closing: Promise<void> | undefined;

  return {
    server,
    bot,
    adapter,
    store,
    services,
    features,
    modules: { admin, faq: faqModule, enrolment, campaigns },
    async listen(port = config.port) {
      const address = await server.listen(port, config.host);
      if (metricsServer && config.metrics) {
        metricsAddress = await metricsServer.listen(config.metrics.port, config.metrics.host);
        logger.info({ port: metricsAddress.port, host: metricsAddress.address }, 'metrics on their own port');
      }
      return address;
    },
    metricsAddress: () => metricsAddress,
    onClose: (hook) => void closeHooks.push(hook),
    close() {
      closing ??= (async () => {
        const finished = await server.close(config.shutdownGraceMs);
        await metricsServer?.close();
        if (!finished)
          logger.warn({ graceMs: config.shutdownGraceMs }, 'turns still running at shutdown were cut off');
        for (const hook of closeHooks) {
          try {
            await hook();
          } catch (err) {
            logger.error({ err }, 'a shutdown hook failed');
          }
        }
        await rawStore.close();
      })();
      return closing;
    },
  };
}
