import { randomBytes, randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { DuplicateKeyError } from '../../errors';
import type { Filter } from '../../ports/document-store';
import type { DocumentStore } from '../../ports/document-store';
import type { Purgeable } from '../../ports/retention';
import type { NewTicket, Ticket, TicketRepository, TicketState } from '../../ports/ticket-repository';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';

/** `openKey` (kind + asker) exists only while a once-per-asker ticket is open: a sparse unique index. */
type TicketDoc = Ticket & { openKey?: string };

const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Tickets in the `tickets` collection, over the DocumentStore port (MongoDB or embedded). */
export class DocumentTicketRepository implements TicketRepository, Purgeable {
  private readonly docs: LazyCollection<TicketDoc>;

  constructor(store: DocumentStore) {
    this.docs = new LazyCollection<TicketDoc>(store, 'tickets', [
      { fields: { id: 1 }, unique: true },
      { fields: { ref: 1 }, unique: true },
      { fields: { openKey: 1 }, unique: true, sparse: true },
      { fields: { state: 1, createdAt: -1 } },
      { fields: { state: 1, closedAt: 1 } },
    ]);
  }

  /** Retention: deletes tickets closed before `before`; open and assigned tickets always stay. */
  async purgeOlderThan(before: Date): Promise<number> {
    return (await this.docs.get()).deleteMany({ state: 'closed', closedAt: { $lt: before } });
  }

  async create(
    input: NewTicket,
    now: Date,
    options: { oncePerAsker?: boolean } = {},
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const conversation = input.conversation
      ? (JSON.parse(JSON.stringify(input.conversation)) as Partial<ConversationReference>)
      : undefined;
    assertSafeValue(conversation, 'conversation');
    const openKey = options.oncePerAsker ? `${input.kind}:${input.asker.aadObjectId}` : undefined;
    const docs = await this.docs.get();
    for (let attempt = 0; ; attempt++) {
      const doc: TicketDoc = {
        id: randomUUID(),
        ref: newRef(),
        kind: input.kind,
        state: 'open',
        question: input.question,
        asker: { ...input.asker },
        ...(conversation ? { conversation } : {}),
        ...(input.faqEntryId ? { faqEntryId: input.faqEntryId } : {}),
        createdAt: now,
        updatedAt: now,
        version: 1,
        ...(openKey ? { openKey } : {}),
      };
      try {
        await docs.insertOne(doc);
        return { ticket: strip(doc), created: true };
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        if (openKey) {
          const existing = await docs.findOne({ openKey });
          if (existing) return { ticket: strip(existing), created: false };
        }
        if (attempt >= 3) throw e; // a reference collision three times over is not chance
      }
    }
  }

  async get(id: string): Promise<Ticket | null> {
    if (!isLookupText(id)) return null;
    const doc = await (await this.docs.get()).findOne({ id });
    return doc ? strip(doc) : null;
  }

  async transition(
    id: string,
    guard: { from: readonly TicketState[]; expectedVersion?: number; organisations?: readonly string[] },
    change: Partial<Pick<Ticket, 'state' | 'assignee' | 'assignedAt' | 'closedBy' | 'closedAt' | 'answer'>>,
    now: Date,
  ): Promise<Ticket | null> {
    if (!isLookupText(id)) return null;
    assertSafeValue(change, 'change');
    const filter: Filter = { id, state: { $in: [...guard.from] } };
    if (guard.expectedVersion !== undefined) filter.version = guard.expectedVersion;
    if (guard.organisations) filter['asker.organisation'] = { $in: [...guard.organisations] };
    const closing = change.state === 'closed';
    const doc = await (
      await this.docs.get()
    ).findOneAndUpdate(filter, {
      $set: { ...change, updatedAt: now },
      $inc: { version: 1 },
      ...(closing ? { $unset: { openKey: true } } : {}),
    });
    return doc ? strip(doc) : null;
  }

  async list(
    query: {
      states?: readonly TicketState[];
      kinds?: readonly Ticket['kind'][];
      organisations?: readonly string[];
    },
    limit: number,
  ): Promise<Ticket[]> {
    const filter: Filter = {};
    if (query.organisations) filter['asker.organisation'] = { $in: [...query.organisations] };
    if (query.states) filter.state = { $in: [...query.states] };
    if (query.kinds) filter.kind = { $in: [...query.kinds] };
    const docs = await (await this.docs.get()).find(filter, { sort: { createdAt: -1 }, limit });
    return docs.map(strip);
  }

  async count(query: { states?: readonly TicketState[] }): Promise<number> {
    const filter: Filter = query.states ? { state: { $in: [...query.states] } } : {};
    return (await this.docs.get()).count(filter);
  }
}

function newRef(): string {
  const bytes = randomBytes(5);
  return `T-${[...bytes].map((b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('')}`;
}

function strip(doc: TicketDoc): Ticket {
  const ticket: TicketDoc = { ...doc };
  delete ticket.openKey;
  return ticket;
}
