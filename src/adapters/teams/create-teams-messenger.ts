import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../../ports/clock';
import type { ConversationReferenceRepository } from '../../ports/conversation-reference-repository';
import { BotConnectorTransport, type ContinueConversationAdapter } from './bot-connector-transport';
import { ProactiveSender } from './proactive-sender';
import { createSendMetrics } from './send-metrics';
import { SendRateLimiter } from './send-rate-limiter';
import { TeamsMessenger } from './teams-messenger';

export interface TeamsMessengerSettings {
  botAppId: string;
  teamsSend: { ratePerSecond: number; maxAttempts: number; backoffMs: number; maxBackoffMs: number };
}

/** Wires the Messenger for src/index.ts: CloudAdapter -> rate limiter -> retrying sender -> messenger. */
export function createTeamsMessenger(deps: {
  adapter: ContinueConversationAdapter;
  settings: TeamsMessengerSettings;
  references: ConversationReferenceRepository;
  clock: Clock;
  registry?: Registry;
  logger?: Logger;
}): { messenger: TeamsMessenger; sender: ProactiveSender; limiter: SendRateLimiter } {
  const limiter = new SendRateLimiter({ ratePerSecond: deps.settings.teamsSend.ratePerSecond });
  const sender = new ProactiveSender(
    new BotConnectorTransport(deps.adapter, deps.settings.botAppId),
    limiter,
    deps.settings.teamsSend,
    deps.registry ? createSendMetrics(deps.registry) : undefined,
    deps.logger,
  );
  return { messenger: new TeamsMessenger(deps.references, sender, deps.clock), sender, limiter };
}
