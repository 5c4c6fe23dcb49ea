import type { ConversationReference } from 'botbuilder';
import { AppError } from '../../errors';
import type {
  ConversationReferenceRepository,
  StoredConversationReference,
} from '../../ports/conversation-reference-repository';
import type { DocumentStore } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';

/** One personal-chat reference per person in `conversationReferences`, replaced on every save. */
export class DocumentConversationReferenceRepository implements ConversationReferenceRepository {
  private readonly refs: LazyCollection<StoredConversationReference>;

  constructor(store: DocumentStore) {
    this.refs = new LazyCollection<StoredConversationReference>(store, 'conversationReferences', [
      { fields: { aadObjectId: 1 }, unique: true },
    ]);
  }

  async init(): Promise<void> {
    await this.refs.get();
  }

  async save(
    aadObjectId: string,
    tenantId: string | undefined,
    reference: Partial<ConversationReference>,
    now: Date,
  ): Promise<void> {
    if (!isLookupText(aadObjectId))
      throw new AppError('VALIDATION', 'A conversation reference needs a user id.');
    // A JSON round trip keeps only plain data (no functions, no undefined) and the key check keeps it storable.
    const plain = JSON.parse(JSON.stringify(reference)) as Partial<ConversationReference>;
    assertSafeValue(plain, 'reference');
    const unset: Record<string, true> = { unreachableSince: true };
    if (tenantId === undefined) unset.tenantId = true;
    await (
      await this.refs.get()
    ).findOneAndUpdate(
      { aadObjectId },
      {
        $set: { reference: plain, updatedAt: now, ...(tenantId === undefined ? {} : { tenantId }) },
        $unset: unset,
      },
      { upsert: true },
    );
  }

  async get(aadObjectId: string): Promise<StoredConversationReference | null> {
    if (!isLookupText(aadObjectId)) return null;
    return (await this.refs.get()).findOne({ aadObjectId });
  }

  /** Keeps the first time Teams refused delivery, so "unreachable for N days" stays true. */
  async markUnreachable(aadObjectId: string, now: Date): Promise<void> {
    if (!isLookupText(aadObjectId)) return;
    await (
      await this.refs.get()
    ).updateMany({ aadObjectId, unreachableSince: { $exists: false } }, { $set: { unreachableSince: now } });
  }
}
