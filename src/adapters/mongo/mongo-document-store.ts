import { MongoClient, type Db } from 'mongodb';
import type { Collection, DocumentStore } from '../../ports/document-store';
import { MongoCollection } from './mongo-collection';
import { mongoCall } from './mongo-errors';
import { WriteQueue } from './write-queue';

export interface MongoStoreOptions {
  url: string;
  db: string;
  /** How long an operation waits for a usable server before failing (config default 2000 ms). */
  serverSelectionTimeoutMs: number;
  /** How long a started operation may wait for the server's answer; default 4500 ms (a dead server shows in < 5 s). */
  socketTimeoutMs?: number;
}

const DEFAULT_SOCKET_TIMEOUT_MS = 4500;
/** Shared by every store in this process that talks to the same FerretDB database. */
const writeQueues = new Map<string, WriteQueue>();

/**
 * The official driver (MongoDB 6+, Atlas, Cosmos DB for MongoDB vCore, FerretDB). The client reconnects by
 * itself: while the server is away operations fail fast with StoreUnavailableError, then work again.
 */
export class MongoDocumentStore implements DocumentStore {
  readonly kind = 'mongo' as const;
  readonly description: string;
  private readonly collections = new Map<string, Collection<object>>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    url: string,
    /** Set when the server is FerretDB 1.x (see WriteQueue). */
    private readonly serializeWrites: boolean,
  ) {
    const server = serializeWrites ? ', FerretDB: writes serialised in this process' : '';
    this.description = `mongo (${describeUrl(url)}, db ${db.databaseName}${server})`;
  }

  /** Connects and pings once; rejects with StoreUnavailableError when the server cannot be reached. */
  static async connect(options: MongoStoreOptions): Promise<MongoDocumentStore> {
    const selection = options.serverSelectionTimeoutMs;
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: selection,
      connectTimeoutMS: Math.min(selection, 10_000),
      socketTimeoutMS: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
      heartbeatFrequencyMS: 5_000,
      ignoreUndefined: true,
      appName: 'mfa-enrolment-bot',
    });
    try {
      await mongoCall(() => client.connect());
      const info = await mongoCall(() => client.db('admin').command({ buildInfo: 1 }));
      const ferret = typeof info.ferretdbVersion === 'string' && /^v?1\./.test(info.ferretdbVersion);
      const store = new MongoDocumentStore(client, client.db(options.db), options.url, ferret);
      await store.ping();
      return store;
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  collection<T extends object>(name: string): Collection<T> {
    const existing = this.collections.get(name);
    if (existing) return existing as Collection<T>;
    const key = `${this.description}/${name}`;
    let queue = writeQueues.get(key);
    if (this.serializeWrites && !queue) {
      queue = new WriteQueue();
      writeQueues.set(key, queue);
    }
    const created = new MongoCollection<T>(this.db.collection(name), queue);
    this.collections.set(name, created);
    return created;
  }

  async ping(): Promise<void> {
    await mongoCall(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** For tests: drops this store's database. */
  async dropDatabase(): Promise<void> {
    await mongoCall(() => this.db.dropDatabase());
  }
}

/** `scheme://hosts` only: user names, passwords and query options (which may hold secrets) are left out. */
export function describeUrl(url: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?([^/?#]*)/.exec(url);
  return match ? `${match[1]}${match[2]}` : 'mongodb';
}
