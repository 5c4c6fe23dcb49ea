import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../../ports/clock';
import type { ConversationReferenceRepository } from '../../ports/conversation-reference-repository';
import type { SlotLedger } from '../../ports/slot-ledger';
import { BotConnectorTransport, type ContinueConversationAdapter } from './bot-connector-transport';
import { ProactiveSender, type SendRetryPolicy } from './proactive-sender';
import { createSendMetrics } from './send-metrics';
import { SendRateLimiter } from './send-rate-limiter';
import { SenderThread } from './sender-thread';
import { ServiceUrlAllowlist, TEAMS_SERVICE_URL_HOSTS } from './service-url-allowlist';
import { TeamsMessenger } from './teams-messenger';

export interface TeamsMessengerSettings {
  app: {
    id: string;
    password: string;
    tenantId: string;
    type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  teamsSend: {
    ratePerSecond: number;
    serviceUrlHosts?: readonly string[];
    /** Make rate-limited sends' HTTP calls on a thread of their own (TEAMS_SEND_THREAD; default on). */
    thread?: boolean;
  } & SendRetryPolicy;
  /** Outside production, loopback service URLs (local tools, test connectors) are allowed too. */
  env?: 'development' | 'test' | 'production';
}

/**
 * A CloudAdapter used only for proactive sends: same app registration as the bot's, but none of the bot's
 * middleware or turn error handler runs around a reminder.
 */
export function createProactiveAdapter(app: TeamsMessengerSettings['app']): ContinueConversationAdapter {
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: app.id,
      MicrosoftAppPassword: app.password,
      MicrosoftAppType: app.type,
      MicrosoftAppTenantId: app.tenantId,
    }),
  );
}

/** TEAMS_SERVICE_URL_HOSTS, or the Teams hosts when it is empty; loopback too outside production. */
export function serviceUrlAllowlist(
  settings: Pick<TeamsMessengerSettings, 'teamsSend' | 'env'>,
): ServiceUrlAllowlist {
  const configured = settings.teamsSend.serviceUrlHosts ?? [];
  return new ServiceUrlAllowlist(configured.length > 0 ? configured : TEAMS_SERVICE_URL_HOSTS, {
    allowLoopback: settings.env !== 'production',
  });
}

/**
 * Wires the Messenger for the composition root (pass `config`): proactive adapter -> rate limiter (the
 * tenant budget in `ledger`, and the sender thread that makes the calls at their send times) -> retrying
 * sender -> messenger. Call `limiter.stop()` on shutdown (it stops the thread too).
 */
export function createTeamsMessenger(deps: {
  settings: TeamsMessengerSettings;
  adapter?: ContinueConversationAdapter;
  references: ConversationReferenceRepository;
  /** The database's slot ledger: the tenant's send budget, shared by every instance. */
  ledger: SlotLedger;
  clock: Clock;
  registry?: Registry;
  logger?: Logger;
}): { messenger: TeamsMessenger; sender: ProactiveSender; limiter: SendRateLimiter } {
  const limiter = new SendRateLimiter({
    ratePerSecond: deps.settings.teamsSend.ratePerSecond,
    ledger: deps.ledger,
    logger: deps.logger,
    ...(deps.settings.teamsSend.thread !== false ? { thread: new SenderThread(deps.logger) } : {}),
  });
  const sender = new ProactiveSender(
    new BotConnectorTransport(
      deps.adapter ?? createProactiveAdapter(deps.settings.app),
      deps.settings.app.id,
    ),
    limiter,
    deps.settings.teamsSend,
    deps.registry ? createSendMetrics(deps.registry) : undefined,
    deps.logger,
    serviceUrlAllowlist(deps.settings),
  );
  return { messenger: new TeamsMessenger(deps.references, sender, deps.clock), sender, limiter };
}
