import { DocumentFaqFeedbackRepository } from '../adapters/store/faq-feedback-repository';
import { DocumentTicketRepository } from '../adapters/store/ticket-repository';
import type { Feature } from '../bot/feature';
import { createFaqFeature } from '../bot/features/faq-feature';
import { ticketCard } from '../bot/features/ticket-views';
import { createTicketsFeature, helpdeskConversationTarget } from '../bot/features/tickets-feature';
import type { Config } from '../config';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import type { Messenger } from '../ports/messenger';
import { faqContentDir } from '../project-paths';
import { FaqFeedbackService } from '../services/faq/faq-feedback-service';
import { type FaqLogger, FaqService } from '../services/faq/faq-service';
import { placeholderValues } from '../services/faq/faq-settings';
import { TicketService } from '../services/tickets/ticket-service';

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
 * Builds the FAQ and helpdesk tickets (built once by src/app.ts; the enrolment uses the same FaqService and
 * TicketService): knowledge base loaded now (content/faq),
 * watched for changes when DEV_FILE_WATCH is on, tickets posted to HELPDESK_CONVERSATION when set.
 */
export function buildFaq(deps: {
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
