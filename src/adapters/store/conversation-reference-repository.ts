import type { ConversationReference } from 'botbuilder';
import { AppError, DuplicateKeyError } from '../../errors';
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
      // The tenant's learnt serviceUrl: its newest reference first (serviceUrlOf).
      { fields: { tenantId: 1, updatedAt: -1 } },
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
    const unset: Record<string, true> = { unreachableSince: true, builtByBot: true };
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

  async saveIfAbsent(
    aadObjectId: string,
    tenantId: string | undefined,
    reference: Partial<ConversationReference>,
    now: Date,
  ): Promise<boolean> {
    if (!isLookupText(aadObjectId))
      throw new AppError('VALIDATION', 'A conversation reference needs a user id.');
    const plain = JSON.parse(JSON.stringify(reference)) as Partial<ConversationReference>;
    assertSafeValue(plain, 'reference');
    try {
      await (
        await this.refs.get()
      ).insertOne({
        aadObjectId,
        reference: plain,
        updatedAt: now,
        builtByBot: true,
        ...(tenantId === undefined ? {} : { tenantId }),
      });
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  async serviceUrlOf(tenantId: string): Promise<string | undefined> {
    if (!isLookupText(tenantId)) return undefined;
    const [found] = await (
      await this.refs.get()
    ).find(
      { tenantId, builtByBot: { $exists: false }, 'reference.serviceUrl': { $exists: true } },
      { limit: 1, sort: { updatedAt: -1 } },
    );
    return found?.reference.serviceUrl;
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
