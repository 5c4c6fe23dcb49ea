import { ConversationState, type CloudAdapter, type Storage } from 'botbuilder';
import { DialogSet, type DialogState } from '../turn/dialogs-lib';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { AuditLog } from '../ports/audit-log';
import type { ChatStateRepository } from '../ports/chat-state-repository';
import type { Clock } from '../ports/clock';
import type { SlotLedger } from '../ports/slot-ledger';
import type { ConversationReferenceRepository } from '../ports/conversation-reference-repository';
import type { StaffRepository } from '../ports/staff-repository';
import { createAdapter } from './adapter';
import { CommandRegistry } from './command-registry';
import { CommandRateLimiter, DEFAULT_EXPENSIVE_COMMAND_LIMIT } from './command-rate-limit';
import { ConversationCaptureMiddleware } from './conversation-capture-middleware';
import type { Feature, TurnRequest } from './feature';
import { IdentityMiddleware } from './identity-middleware';
import { MfaBot } from './mfa-bot';
import { PersonalChatConversationState } from './personal-chat-state';
import { createTurnErrorHandler } from './turn-error-handler';
import { TurnRouter } from './turn-router';
import { TurnTelemetryMiddleware } from './turn-telemetry-middleware';
import { TypingMiddleware } from './typing-middleware';
import { Welcome } from './welcome';

export interface BotDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Bot state (dialogs, welcome memory): DocumentBotStorage in the app, MemoryStorage in unit tests. */
  storage: Storage;
  staff: StaffRepository;
  /**
   * Personal chats' dialog state kept on the person's staff record, read with them (the app); without it,
   * all conversation state is in `storage` (unit tests).
   */
  chats?: ChatStateRepository;
  conversations: ConversationReferenceRepository;
  audit?: AuditLog;
  /** Where the expensive-command limit is kept: the database, so every instance counts together. */
  commandLedger: SlotLedger;
  features: readonly Feature[];
  showHelp: (req: TurnRequest) => Promise<void>;
}

export interface BotRuntime {
  adapter: CloudAdapter;
  bot: MfaBot;
  registry: CommandRegistry;
  conversationState: ConversationState;
}

/**
 * Wires the adapter, the middleware pipeline (telemetry -> typing -> identity -> conversation capture),
 * the error handler, dialog state and the router over the given features.
 */
export function createBot(deps: BotDeps): BotRuntime {
  const { config, logger, metrics, clock, storage, features } = deps;
  const adapter = createAdapter(config, logger);
  const conversationState = deps.chats
    ? new PersonalChatConversationState(storage, deps.chats)
    : new ConversationState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const dialogSet = new DialogSet(dialogState);
  for (const feature of features) for (const dialog of feature.dialogs ?? []) dialogSet.add(dialog);

  const registry = new CommandRegistry(features);
  const limiter = new CommandRateLimiter(DEFAULT_EXPENSIVE_COMMAND_LIMIT, deps.commandLedger, () =>
    clock.now(),
  );
  const router = new TurnRouter({
    features,
    registry,
    showHelp: deps.showHelp,
    audit: deps.audit,
    clock,
    limiter,
  });
  const welcome = new Welcome({ storage, staff: deps.staff, clock, commands: () => registry.all(), config });

  adapter.use(new TurnTelemetryMiddleware(logger, metrics));
  adapter.use(new TypingMiddleware(logger));
  adapter.use(
    new IdentityMiddleware({
      staff: deps.staff,
      chats: deps.chats,
      allowedTenantIds: config.allowedTenantIds,
      helpdeskEmail: config.helpdeskEmail,
      logger,
      audit: deps.audit,
      clock,
    }),
  );
  adapter.use(new ConversationCaptureMiddleware({ conversations: deps.conversations, clock }));
  adapter.onTurnError = createTurnErrorHandler({ logger, metrics, conversationState });

  const bot = new MfaBot({ router, dialogSet, dialogState, conversationState, welcome });
  return { adapter, bot, registry, conversationState };
}
