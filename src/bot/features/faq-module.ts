import { DocumentFaqFeedbackRepository } from '../../adapters/store/faq-feedback-repository';
import { DocumentTicketRepository } from '../../adapters/store/ticket-repository';
import { DocumentSlotLedger } from '../../adapters/store/slot-ledger';
import { createTeamsMessenger } from '../../adapters/teams/create-teams-messenger';
import { faqContentDir } from '../../project-paths';
import type { Config } from '../../config';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { ConversationReferenceRepository } from '../../ports/conversation-reference-repository';
import type { DocumentStore } from '../../ports/document-store';
import type { Messenger } from '../../ports/messenger';
import { FaqFeedbackService } from '../../services/faq/faq-feedback-service';
import { type FaqLogger, FaqService } from '../../services/faq/faq-service';
import { placeholderValues } from '../../services/faq/faq-settings';
import { TicketService } from '../../services/tickets/ticket-service';
import type { Feature } from '../feature';
import { createFaqFeature } from './faq-feature';
import { createTicketsFeature, helpdeskConversationTarget } from './tickets-feature';
import { ticketCard } from './ticket-views';

export interface FaqModule {
  /** For the enrolment dialog: answers a question mid-flow. */
  faq: FaqService;
  /** For the enrolment flow: `tickets.open({ kind: 'no-device', ... })`. */
  tickets: TicketService;
  feedback: FaqFeedbackService;
  features: Feature[];
  /** Stops the development file watcher. */
  close(): void;
}

/**
 * Builds the FAQ and helpdesk tickets from the app's services: knowledge base loaded now (content/faq),
 * watched for changes when DEV_FILE_WATCH is on, tickets posted to HELPDESK_CONVERSATION when set.
 */
export function createFaqModule(deps: {
  config: Config;
  store: DocumentStore;
  clock: Clock;
  messenger: Messenger;
  audit?: AuditLog;
  logger?: FaqLogger;
  contentDir?: string;
}): FaqModule {
  const { config } = deps;
  const faq = new FaqService({
    dir: deps.contentDir ?? faqContentDir(),
    values: placeholderValues(config),
    logger: deps.logger,
  });
  faq.reload();
  if (config.devFileWatch) faq.watch();
  const feedback = new FaqFeedbackService({
    feedback: new DocumentFaqFeedbackRepository(deps.store),
    faq,
    clock: deps.clock,
  });
  const tickets = new TicketService({
    tickets: new DocumentTicketRepository(deps.store),
    messenger: deps.messenger,
    clock: deps.clock,
    audit: deps.audit,
    presenter: { helpdeskCard: (t) => ticketCard(t, config.timezone) },
    helpdeskConversation: helpdeskConversationTarget(config.helpdeskConversation),
  });
  return {
    faq,
    tickets,
    feedback,
    features: [
      createFaqFeature({ faq, feedback, tickets, config }),
      createTicketsFeature({ tickets, config }),
    ],
    close: () => faq.close(),
  };
}

/** What faqModuleFor needs from the app's services (AppServices has all of it; `messenger` once it is wired). */
export interface FaqModuleServices {
  config: Config;
  store: DocumentStore;
  clock: Clock;
  audit: AuditLog;
  conversations: ConversationReferenceRepository;
  logger: FaqLogger;
  messenger?: Messenger;
}

const modules = new WeakMap<object, FaqModule>();

/**
 * The one FAQ module of an app (memoised per services object), so the features list and the enrolment
 * feature share one FaqService and one TicketService:
 *   ...faqModuleFor(services).features            (in createApp's features list)
 *   faq: faqModuleFor(services).faq, tickets: faqModuleFor(services).tickets   (enrolment)
 * Uses services.messenger when the app has one, otherwise its own Teams messenger (proactive adapter).
 */
export function faqModuleFor(services: FaqModuleServices): FaqModule {
  let module = modules.get(services);
  if (!module) {
    const messenger =
      services.messenger ??
      createTeamsMessenger({
        settings: services.config,
        references: services.conversations,
        ledger: new DocumentSlotLedger(services.store),
        clock: services.clock,
      }).messenger;
    module = createFaqModule({ ...services, messenger });
    modules.set(services, module);
  }
  return module;
}
