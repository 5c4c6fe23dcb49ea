import type { Attachment } from 'botbuilder';
import { renderCard, renderCardJson } from '../../cards/render';
import type { Ticket } from '../../ports/ticket-repository';
import { tickets as text } from '../../strings';
import { formatDateTime } from '../../strings/dates';

/** The ticket card data (cards/ticket-card.json): what the helpdesk sees, with the buttons the state allows. */
export function ticketCardData(ticket: Ticket, timezone: string): Record<string, unknown> {
  const when = (d: Date): string => formatDateTime(d, timezone);
  const facts = [
    { title: text.factKind, value: text.kindLabel[ticket.kind] },
    { title: text.factState, value: text.stateLabel[ticket.state] },
    {
      title: text.factAsker,
      value: text.askerLine(ticket.asker.displayName ?? ticket.asker.aadObjectId, ticket.asker.upn),
    },
    { title: text.factAsked, value: when(ticket.createdAt) },
  ];
  if (ticket.assignee)
    facts.push({ title: text.factAssignee, value: ticket.assignee.displayName ?? text.someone });
  if (ticket.closedBy)
    facts.push({ title: text.factClosedBy, value: ticket.closedBy.displayName ?? text.someone });
  return {
    title: text.cardTitle(ticket.ref),
    stateLabel: text.stateLabel[ticket.state],
    question: ticket.question,
    facts,
    answer: ticket.answer ?? '',
    canAssign: ticket.state === 'open',
    canClose: ticket.state !== 'closed',
    assignLabel: text.assignButton,
    closeLabel: text.closeButton,
    answerLabel: text.answerPlaceholder,
    ticketId: ticket.id,
    version: ticket.version,
  };
}

export function ticketCard(ticket: Ticket, timezone: string): Attachment {
  return renderCard('ticket-card', ticketCardData(ticket, timezone));
}

export function ticketCardJson(ticket: Ticket, timezone: string): Record<string, unknown> {
  return renderCardJson('ticket-card', ticketCardData(ticket, timezone));
}
