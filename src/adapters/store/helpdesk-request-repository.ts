import { randomUUID } from 'node:crypto';
import type { Collection, DocumentStore } from '../../ports/document-store';
import type { HelpdeskRequest, HelpdeskRequestRepository } from '../../ports/helpdesk-request-repository';
import { DuplicateKeyError } from '../../errors';

/** `openKey` (person + kind) exists only while a request is open: a sparse unique index allows one open each. */
type HelpdeskRequestDoc = HelpdeskRequest & { openKey?: string };

export class StoreHelpdeskRequestRepository implements HelpdeskRequestRepository {
  private readonly docs: Collection<HelpdeskRequestDoc>;

  constructor(store: DocumentStore) {
    this.docs = store.collection<HelpdeskRequestDoc>('helpdesk_requests');
  }

  async init(): Promise<void> {
    await this.docs.ensureIndexes([
      { fields: { id: 1 }, unique: true },
      { fields: { openKey: 1 }, unique: true, sparse: true },
      { fields: { status: 1, createdAt: -1 } },
    ]);
  }

  async openOnce(
    request: Omit<HelpdeskRequest, 'id' | 'status'>,
  ): Promise<{ request: HelpdeskRequest; created: boolean }> {
    const openKey = `${request.kind}:${request.aadObjectId}`;
    const doc: HelpdeskRequestDoc = { ...request, id: randomUUID(), status: 'open', openKey };
    try {
      await this.docs.insertOne(doc);
      return { request: strip(doc), created: true };
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      const existing = await this.docs.findOne({ openKey });
      if (!existing) throw e;
      return { request: strip(existing), created: false };
    }
  }

  async listOpen(limit: number): Promise<HelpdeskRequest[]> {
    const docs = await this.docs.find({ status: 'open' }, { sort: { createdAt: -1 }, limit });
    return docs.map(strip);
  }

  async close(id: string, now: Date): Promise<boolean> {
    const closed = await this.docs.findOneAndUpdate(
      { id, status: 'open' },
      { $set: { status: 'closed', closedAt: now }, $unset: { openKey: true } },
    );
    return closed !== null;
  }
}

function strip(doc: HelpdeskRequestDoc): HelpdeskRequest {
  const request: HelpdeskRequestDoc = { ...doc };
  delete request.openKey;
  return request;
}
