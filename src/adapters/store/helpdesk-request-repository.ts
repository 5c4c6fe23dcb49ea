import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';
import type { HelpdeskRequest, HelpdeskRequestRepository } from '../../ports/helpdesk-request-repository';
import { DuplicateKeyError } from '../../errors';

/** `openKey` (person + kind) exists only while a request is open: a sparse unique index allows one open each. */
type HelpdeskRequestDoc = HelpdeskRequest & { openKey?: string };

export class StoreHelpdeskRequestRepository implements HelpdeskRequestRepository {
  private readonly collection: LazyCollection<HelpdeskRequestDoc>;

  constructor(store: DocumentStore) {
    this.collection = new LazyCollection<HelpdeskRequestDoc>(store, 'helpdeskRequests', [
      { fields: { id: 1 }, unique: true },
      { fields: { openKey: 1 }, unique: true, sparse: true },
      { fields: { status: 1, createdAt: -1 } },
    ]);
  }

  async init(): Promise<void> {
    await this.collection.get();
  }

  async openOnce(
    request: Omit<HelpdeskRequest, 'id' | 'status'>,
  ): Promise<{ request: HelpdeskRequest; created: boolean }> {
    const openKey = `${request.kind}:${request.aadObjectId}`;
    const doc: HelpdeskRequestDoc = { ...request, id: randomUUID(), status: 'open', openKey };
    try {
      await (await this.collection.get()).insertOne(doc);
      return { request: strip(doc), created: true };
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      const existing = await (await this.collection.get()).findOne({ openKey });
      if (!existing) throw e;
      return { request: strip(existing), created: false };
    }
  }

  async listOpen(limit: number): Promise<HelpdeskRequest[]> {
    const docs = await (
      await this.collection.get()
    ).find({ status: 'open' }, { sort: { createdAt: -1 }, limit });
    return docs.map(strip);
  }

  async close(id: string, now: Date): Promise<boolean> {
    const closed = await (
      await this.collection.get()
    ).findOneAndUpdate(
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
