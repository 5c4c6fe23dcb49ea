import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Role } from '../../domain/staff';
import { AppError } from '../../errors';
import type { Ticket } from '../../ports/ticket-repository';
import {
  TicketConflictError,
  TicketOutOfScopeError,
  type TicketHelper,
  type TicketService,
} from '../../services/tickets/ticket-service';
import { common, tickets as text } from '../../strings';
import {
  type CardActionResult,
  type Command,
  defineCardAction,
  type Feature,
  type TurnRequest,
} from '../feature';
import { ticketCard, ticketCardJson } from './ticket-views';

const HELPDESK: readonly Role[] = ['helpdesk', 'localAdmin', 'globalAdmin'];
const LIST_LIMIT = 10;

export interface TicketsFeatureDeps {
  tickets: TicketService;
  config: Pick<Config, 'timezone'>;
}

/** Where HELPDESK_CONVERSATION tickets go: the configured channel/chat, reached through the asker's service URL. */
export function helpdeskConversationTarget(
  conversationId: string | undefined,
): ((t: Ticket) => Partial<ConversationReference> | undefined) | undefined {
  if (!conversationId) return undefined;
  return (t) => ({
    channelId: t.conversation?.channelId ?? 'msteams',
    serviceUrl: t.conversation?.serviceUrl,
    bot: t.conversation?.bot,
    conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: 'helpdesk' },
  });
}

const ticketRef = z.object({
  ticketId: z.string().uuid(),
  version: z.coerce.number().int().min(1).optional(),
});

/**
 * Helpdesk side of escalation: `tickets` lists open and assigned tickets (in a personal chat only);
 * "Assign to me" and "Close with answer" on the ticket card, for helpdesk members and admins. The actor
 * is always the person pressing (req.staff), never anyone named in the card data.
 */
export function createTicketsFeature(deps: TicketsFeatureDeps): Feature {
  const me = (req: TurnRequest): TicketHelper => ({
    aadObjectId: req.staff.aadObjectId,
    displayName: req.staff.displayName,
    upn: req.staff.upn,
    role: req.staff.role,
    organisation: req.staff.organisation,
  });

  /** Shows the new state of the ticket in place of the pressed card, where Teams allows it. */
  const refresh = async (req: TurnRequest, ticket: Ticket, message: string): Promise<CardActionResult> => {
    const card = ticketCard(ticket, deps.config.timezone);
    const pressed = req.turn.activity.replyToId;
    let updated = false;
    if (pressed && req.turn.activity.type === 'message') {
      updated = await req.turn
        .updateActivity({ type: 'message', id: pressed, attachments: [card] })
        .then(() => true)
        .catch(() => false);
    }
    await req.turn.sendActivity(updated ? message : { text: message, attachments: [card] });
    return { card: ticketCardJson(ticket, deps.config.timezone) };
  };

  const conflict = async (req: TurnRequest, e: unknown): Promise<CardActionResult> => {
    if (e instanceof TicketOutOfScopeError) {
      await req.turn.sendActivity(text.outOfScope);
      return;
    }
    if (!(e instanceof TicketConflictError)) throw e;
    const t = e.ticket;
    const message =
      t.state === 'closed'
        ? text.alreadyClosed(t.ref)
        : t.assignee
          ? text.alreadyTaken(t.ref, t.assignee.displayName ?? text.someone)
          : text.stale(t.ref);
    return refresh(req, t, message);
  };

  const list: Command = {
    id: 'tickets',
    phrases: ['tickets', 'helpdesk tickets', 'open tickets'],
    usage: 'tickets',
    description: text.listDescription,
    audience: 'admin',
    helpButton: common.help.buttons.tickets,
    allowedRoles: HELPDESK,
    // Personal chat only: tickets carry names, UPNs and questions. The helpdesk channel gets each ticket's
    // card from the bot (HELPDESK_CONVERSATION), and its buttons work there.
    async run(req) {
      const open = await deps.tickets.listFor(me(req), ['open', 'assigned'], LIST_LIMIT);
      if (open.length === 0) {
        await req.turn.sendActivity(text.noTickets);
        return;
      }
      await req.turn.sendActivity({
        text: text.listTitle(open.length),
        attachmentLayout: 'carousel',
        attachments: open.map((t) => ticketCard(t, deps.config.timezone)),
      });
    },
  };

  const assign = defineCardAction({
    action: 'ticket.assign',
    schema: ticketRef,
    allowedRoles: HELPDESK,
    async run(req, data) {
      try {
        const t = await deps.tickets.assign(data.ticketId, me(req), data.version);
        return await refresh(req, t, text.assignedToHelper(t.ref));
      } catch (e) {
        return conflict(req, e);
      }
    },
  });

  const close = defineCardAction({
    action: 'ticket.close',
    schema: ticketRef.extend({ answer: z.string().max(2000).optional().default('') }),
    allowedRoles: HELPDESK,
    async run(req, data) {
      if (data.answer.trim().length === 0) {
        await req.turn.sendActivity(text.answerRequired);
        return;
      }
      try {
        const { ticket, delivered } = await deps.tickets.close(
          data.ticketId,
          me(req),
          data.answer,
          data.version,
        );
        const reached = delivered === 'sent';
        return await refresh(
          req,
          ticket,
          reached ? text.closedToHelper(ticket.ref) : text.askerNotReachable(ticket.ref),
        );
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') {
          await req.turn.sendActivity(text.notFound);
          return;
        }
        return conflict(req, e);
      }
    },
  });

  return { name: 'tickets', commands: [list], actions: [assign, close] };
}
