import type { GraphSettings } from '../../config';
import type { Logger } from '../../logger';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import type { Messenger } from '../../ports/messenger';
import type { StaffRepository } from '../../ports/staff-repository';
import { firstName } from '../../domain/staff';
import { DirectorySyncService } from '../../services/directory-sync/directory-sync-service';
import { registeredOutside } from '../../strings/graph';
import { PolicySync } from '../../services/directory-sync/policy-sync';
import { DirectorySyncScheduler } from '../../services/directory-sync/sync-scheduler';
import { DirectorySyncStatus } from '../../services/directory-sync/sync-status';
import { DocumentDirectorySyncStateRepository } from '../store/directory-sync-state-repository';
import { DocumentLeaseRepository } from '../store/lease-repository';
import { GraphApi } from './graph-api';
import { groupMembership } from './graph-group-membership';
import { GraphAuthenticationMethods } from './graph-authentication-methods';
import { GraphDirectorySource } from './graph-directory-source';
import { GraphMfaPolicyGroups } from './graph-policy-groups';
import { GraphRegistrationSource } from './graph-registration-source';
import { defaultRetryPolicy, type RetryPolicy } from '../retry-policy';
import { MsalTokenProvider, type TokenProvider } from './token-provider';

export interface GraphModuleDeps {
  store: DocumentStore;
  staff: StaffRepository;
  audit: AuditLog;
  clock: Clock;
  /** With debug, each authentication methods call leaves a debug line (call, request id, time taken). */
  logger: Pick<Logger, 'info' | 'warn' | 'error'> & Partial<Pick<Logger, 'debug'>>;
  /** Delivers a Temporary Access Pass to the admin who asked for a re-enrolment (the app's Teams messenger). */
  messenger?: Messenger;
  config?: { timezone: string };
  /** Tests: a faster retry policy, or a token provider of their own. */
  retry?: Partial<RetryPolicy>;
  tokens?: TokenProvider;
}

export interface GraphModule {
  api: GraphApi;
  /** Another client over the same token, with its own retry policy (proactive installs pause their limiter on 429). */
  createApi(retry: Partial<RetryPolicy>): GraphApi;
  baseUrl: string;
  /** The person's authentication methods in Entra ID (read, and written for enrolment). */
  methods: GraphAuthenticationMethods;
  /** Whether a person is in a group (the self-service Temporary Access Pass group). */
  isInGroup: (userId: string, groupId: string) => Promise<boolean>;
  policyGroups: GraphMfaPolicyGroups;
  policy: PolicySync;
  sync: DirectorySyncService;
  status: DirectorySyncStatus;
  scheduler?: DirectorySyncScheduler;
  /** Starts the scheduled sync (when GRAPH_SYNC_INTERVAL_MINUTES > 0); the hook stops it. */
  start(onClose: (hook: () => Promise<void>) => void): void;
}

/** Everything the Graph integration adds to the bot, built from GRAPH_* settings. */
export function createGraphModule(settings: GraphSettings, deps: GraphModuleDeps): GraphModule {
  const retry = defaultRetryPolicy(settings.maxAttempts, {
    onRetry: (info) => deps.logger.warn(info, 'Microsoft Graph throttled or unavailable: retrying'),
    ...deps.retry,
  });
  const tokens = deps.tokens ?? new MsalTokenProvider(settings);
  const api = new GraphApi(settings.baseUrl, tokens, retry, { timeoutMs: settings.requestTimeoutMs });
  const createApi = (own: Partial<RetryPolicy>): GraphApi =>
    new GraphApi(settings.baseUrl, tokens, { ...retry, ...own }, { timeoutMs: settings.requestTimeoutMs });
  const state = new DocumentDirectorySyncStateRepository(deps.store);
  const source = new GraphDirectorySource(api, settings.groups);
  const sync = new DirectorySyncService({
    source,
    registrations: new GraphRegistrationSource(api),
    state,
    staff: deps.staff,
    audit: deps.audit,
    clock: deps.clock,
    onRegisteredOutside: async (member) => {
      const outcome = await deps.messenger?.sendToUser(
        member.aadObjectId,
        registeredOutside(firstName(member)),
      );
      if (outcome && outcome !== 'sent') {
        deps.logger.info({ target: member.aadObjectId, outcome }, 'congratulation not delivered');
      }
    },
  });
  const policyGroups = new GraphMfaPolicyGroups(api, settings, deps.audit, deps.clock);
  const scheduler =
    settings.syncIntervalMinutes > 0
      ? new DirectorySyncScheduler({
          sync,
          leases: new DocumentLeaseRepository(deps.store),
          clock: deps.clock,
          logger: deps.logger,
          intervalMs: settings.syncIntervalMinutes * 60_000,
        })
      : undefined;
  const logger = deps.logger;
  return {
    api,
    createApi,
    baseUrl: settings.baseUrl,
    methods: new GraphAuthenticationMethods(
      api,
      deps.clock,
      logger.debug ? (logger as Pick<Logger, 'debug'>) : undefined,
    ),
    isInGroup: groupMembership(api),
    policyGroups,
    policy: new PolicySync(
      policyGroups,
      deps.clock,
      deps.logger,
      deps.messenger && settings.tapLifetimeMinutes > 0
        ? { messenger: deps.messenger, timezone: deps.config?.timezone ?? 'Europe/London' }
        : undefined,
    ),
    sync,
    status: new DirectorySyncStatus(state, source.name),
    scheduler,
    start(onClose) {
      if (!scheduler) return;
      scheduler.start();
      onClose(() => scheduler.stop());
    },
  };
}
