import type { ConversationReference } from 'botbuilder';

/**
 * 'question': asked through the FAQ; the others are raised by the enrolment flow (src/ports/helpdesk-handover.ts):
 * no mobile device, needs a Temporary Access Pass, a different phone already in Entra, or the bot could not finish.
 */
export const TICKET_KINDS = [
  'question',
  'no-device',
  'access-pass',
  'phone-conflict',
  'cannot-finish',
] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_STATES = ['open', 'assigned', 'closed'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export interface TicketPerson {
  aadObjectId: string;
  displayName?: string;
  upn?: string;
  /** The asker's organisation (from the staff directory, on the server) when the ticket was opened: its scope. */
  organisation?: string;
}

/** A helpdesk ticket: open -> assigned -> closed (or open -> closed). One document, version-guarded. */
export interface Ticket {
  id: string;
  /** Short reference people can quote, e.g. "T-7K3Q9". */
  ref: string;
  kind: TicketKind;
  state: TicketState;
  question: string;
  asker: TicketPerson;
  /** Where the question was asked, to answer there when the asker has no personal chat reference. */
  conversation?: Partial<ConversationReference>;
  /** The FAQ entry the asker saw (and found unhelpful), if any. */
  faqEntryId?: string;
  createdAt: Date;
  assignee?: TicketPerson;
  assignedAt?: Date;
  closedBy?: TicketPerson;
  closedAt?: Date;
  answer?: string;
  updatedAt: Date;
  version: number;
}

export type NewTicket = Pick<Ticket, 'kind' | 'question' | 'asker' | 'conversation' | 'faqEntryId'>;

export interface TicketRepository {
  /**
   * Creates a ticket. With `oncePerAsker`, at most one open ticket of that kind per asker exists:
   * asking again returns the open one with created=false.
   */
  create(
    ticket: NewTicket,
    now: Date,
    options?: { oncePerAsker?: boolean },
  ): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | null>;
  /**
   * Moves a ticket on atomically when it is in one of `from` (and at `expectedVersion` when given).
   * Returns the updated ticket, or null when the guard failed (someone else moved it first, or no such ticket).
   */
  transition(
    id: string,
    guard: {
      from: readonly TicketState[];
      expectedVersion?: number;
      /** Only when the asker is in one of these organisations (undefined: any). */
      organisations?: readonly string[];
    },
    change: Partial<Pick<Ticket, 'state' | 'assignee' | 'assignedAt' | 'closedBy' | 'closedAt' | 'answer'>>,
    now: Date,
  ): Promise<Ticket | null>;
  /** Newest first; with `organisations`, only tickets whose asker is in one of them. */
  list(
    query: {
      states?: readonly TicketState[];
      kinds?: readonly TicketKind[];
      organisations?: readonly string[];
    },
    limit: number,
  ): Promise<Ticket[]>;
  count(query: { states?: readonly TicketState[] }): Promise<number>;
}
