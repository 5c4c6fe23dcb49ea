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
import { TeamsMessenger } from './teams-messenger';

export interface TeamsMessengerSettings {
  app: {
    id: string;
    password: string;
    tenantId: string;
    type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  teamsSend: { ratePerSecond: number } & SendRetryPolicy;
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

/**
 * Wires the Messenger for the composition root (pass `config`): proactive adapter -> rate limiter (the
 * tenant budget in `ledger`) ->
 * retrying sender -> messenger. Call `limiter.stop()` on shutdown.
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
  );
  return { messenger: new TeamsMessenger(deps.references, sender, deps.clock), sender, limiter };
}
