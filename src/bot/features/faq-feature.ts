import { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Config } from '../../config';
import { awaitsSecretInput, toEnrolmentStep } from '../../domain/enrolment';
import type { Role } from '../../domain/staff';
import { audienceForRole as audienceOf, type FaqAnswer } from '../../services/faq/faq-entry';
import type { FaqFeedbackService } from '../../services/faq/faq-feedback-service';
import type { FaqService } from '../../services/faq/faq-service';
import type { TicketService } from '../../services/tickets/ticket-service';
import { common, faq as text, tickets as ticketText } from '../../strings';
import { type Command, defineCardAction, type Feature, type TurnRequest } from '../feature';
import { answerCard, helpdeskOfferCard, statsCard, suggestionsCard } from './faq-views';

const STAFF_DESK: readonly Role[] = ['helpdesk', 'localAdmin', 'globalAdmin'];
const ADMINS: readonly Role[] = ['localAdmin', 'globalAdmin'];

export interface FaqFeatureDeps {
  faq: FaqService;
  feedback: FaqFeedbackService;
  tickets: TicketService;
  config: Pick<Config, 'helpdeskEmail' | 'learnMoreUrl'>;
}

/** "Ask the helpdesk" opens a ticket and posts it to the helpdesk channel: a few per person per 10 minutes. */
export const ASK_HELPDESK_LIMIT = { points: 3, windowSeconds: 600 } as const;

const entryId = z.string().regex(/^[a-z0-9-]{1,80}$/);
const question = z.string().trim().max(1000).optional().default('');

/**
 * The FAQ in chat: free text (and `ask <question>`, also in group chats) answered from the knowledge
 * base; "Was this helpful?" feedback; "Did you mean"; an honest "I don't know" with "Ask the helpdesk",
 * which opens a ticket. Admin commands: `reload faq`, `faq stats`.
 */
export function createFaqFeature(deps: FaqFeatureDeps): Feature {
  const answer = (req: TurnRequest, q: string): FaqAnswer =>
    deps.faq.answer(q, { audience: audienceOf(req.staff.role) });

  const respond = async (req: TurnRequest, q: string, result = answer(req, q)): Promise<void> => {
    if (result.kind === 'answer') {
      await req.turn.sendActivity({ attachments: [answerCard(result.entry, q, deps.config.learnMoreUrl)] });
    } else if (result.kind === 'suggestions') {
      await req.turn.sendActivity({ attachments: [suggestionsCard(result.entries, q)] });
    } else {
      // Text typed while a code or phone number was expected is never kept.
      if (!awaitsSecretInput(toEnrolmentStep(req.staff.enrolment?.step))) await deps.feedback.unanswered(q);
      await req.turn.sendActivity({
        attachments: [helpdeskOfferCard(text.dontKnow, deps.config.helpdeskEmail, q)],
      });
    }
  };

  const ask: Command = {
    id: 'faq-ask',
    phrases: ['ask'],
    usage: text.askUsage,
    description: text.askDescription,
    audience: 'staff',
    allowInGroupChat: true,
    welcomeButton: 'ask',
    helpButton: common.help.buttons.ask,
    async run(req, args) {
      if (args.trim().length === 0) await req.turn.sendActivity(text.askWhat);
      else await respond(req, args.trim());
    },
  };

  const reload: Command = {
    id: 'faq-reload',
    phrases: ['reload faq'],
    usage: 'reload faq',
    description: text.reloadDescription,
    audience: 'admin',
    allowedRoles: ADMINS,
    async run(req) {
      const report = deps.faq.reload();
      const lines = report.problems.map((p) => `- ${p.file}: ${p.reason}`);
      await req.turn.sendActivity(
        [text.reloaded(report.loaded, report.problems.length), ...lines].join('\n'),
      );
    },
  };

  const stats: Command = {
    id: 'faq-stats',
    phrases: ['faq stats', 'faq statistics'],
    usage: 'faq stats',
    description: text.statsDescription,
    audience: 'admin',
    allowedRoles: STAFF_DESK,
    // Personal chat only: the unanswered questions are staff's own words (docs/admin-guide.md).
    async run(req) {
      await req.turn.sendActivity({ attachments: [statsCard(await deps.feedback.stats(), deps.faq.size)] });
    },
  };

  const show = defineCardAction({
    action: 'faq.show',
    schema: z.object({ entryId, question }),
    async run(req, data) {
      const entry = deps.faq.entry(data.entryId, audienceOf(req.staff.role));
      if (!entry) await req.turn.sendActivity(text.entryGone);
      else
        await req.turn.sendActivity({
          attachments: [answerCard(entry, data.question, deps.config.learnMoreUrl)],
        });
    },
  });

  const feedback = defineCardAction({
    action: 'faq.feedback',
    schema: z.object({
      entryId,
      helpful: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
      comment: z.string().max(500).optional(),
      question,
    }),
    async run(req, data) {
      if (!deps.faq.entry(data.entryId, 'admin')) {
        await req.turn.sendActivity(text.entryGone);
        return;
      }
      await deps.feedback.feedback(data.entryId, data.helpful, req.staff.aadObjectId, data.comment);
      if (data.helpful) await req.turn.sendActivity(text.thanksYes);
      else
        await req.turn.sendActivity({
          attachments: [
            helpdeskOfferCard(text.thanksNo, deps.config.helpdeskEmail, data.question, data.entryId),
          ],
        });
    },
  });

  const askHelpdesk = defineCardAction({
    action: 'faq.ask-helpdesk',
    schema: z.object({ question, entryId: z.union([entryId, z.literal('')]).optional() }),
    rateLimit: { ...ASK_HELPDESK_LIMIT, message: ticketText.tooManyQuestions },
    async run(req, data) {
      const { ticket, created } = await deps.tickets.open({
        kind: 'question',
        question: data.question.length > 0 ? data.question : ticketText.noQuestionGiven,
        asker: {
          aadObjectId: req.staff.aadObjectId,
          displayName: req.staff.displayName,
          upn: req.staff.upn,
          organisation: req.staff.organisation,
        },
        conversation: TurnContext.getConversationReference(req.turn.activity),
        ...(data.entryId ? { faqEntryId: data.entryId } : {}),
      });
      await req.turn.sendActivity(
        created ? ticketText.created(ticket.ref) : ticketText.alreadyOpen(ticket.ref),
      );
    },
  });

  return {
    name: 'faq',
    commands: [ask, reload, stats],
    actions: [show, feedback, askHelpdesk],
    answersInGroupChat: true,
    async answerFreeText(req) {
      const result = answer(req, req.text);
      // Greetings and filler ("hi", "ok thanks") are not questions: let the bot show its help instead.
      if (result.kind === 'none' && result.noQuestion) return false;
      await respond(req, req.text, result);
      return true;
    },
  };
}
