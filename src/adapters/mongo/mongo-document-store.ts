import { MongoClient, type Db } from 'mongodb';
import type { Collection, DocumentStore } from '../../ports/document-store';
import { MongoCollection } from './mongo-collection';
import { StoreUnavailableError } from '../../errors';
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
  private readonly target: string;
  private readonly collections = new Map<string, Collection<object>>();
  /** Deferred start only: the connection attempt in progress, and the timer that retries it. */
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    url: string,
    /** Set when the server is FerretDB 1.x (see WriteQueue); undefined while the server has not answered yet. */
    private serializeWrites: boolean | undefined,
  ) {
    const server = serializeWrites ? ', FerretDB: writes serialised in this process' : '';
    this.description = `mongo (${describeUrl(url)}, db ${db.databaseName}${server})`;
    this.target = `${describeUrl(url)}/${db.databaseName}`;
  }

  /** Connects and pings once; rejects with StoreUnavailableError when the server cannot be reached. */
  static async connect(options: MongoStoreOptions): Promise<MongoDocumentStore> {
    const client = newClient(options);
    try {
      await mongoCall(() => client.connect());
      const store = new MongoDocumentStore(
        client,
        client.db(options.db),
        options.url,
        await isFerret1(client),
      );
      await store.ping();
      return store;
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Like connect, but when the server cannot be reached yet the store is returned anyway: every operation
   * (and ping, so /readyz) fails with StoreUnavailableError until the server answers, then works; the driver
   * connects on first use. Until the server kind is known, writes are serialised as for FerretDB 1.x.
   */
  static async connectOrDefer(
    options: MongoStoreOptions,
  ): Promise<{ store: MongoDocumentStore; deferred: boolean }> {
    try {
      return { store: await MongoDocumentStore.connect(options), deferred: false };
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      const client = newClient(options);
      const store = new MongoDocumentStore(client, client.db(options.db), options.url, undefined);
      // The driver does not reconnect a client whose first connection failed: retry in the background.
      const every = Math.max(1_000, options.serverSelectionTimeoutMs * 2);
      store.retryTimer = setInterval(() => void store.reconnect().catch(() => undefined), every).unref();
      return { store, deferred: true };
    }
  }

  collection<T extends object>(name: string): Collection<T> {
    const existing = this.collections.get(name);
    if (existing) return existing as Collection<T>;
    // Keyed by server and database (not the description, which differs while the server kind is unknown).
    const key = `${this.target}/${name}`;
    let queue = writeQueues.get(key);
    if (this.serializeWrites !== false && !queue) {
      queue = new WriteQueue();
      writeQueues.set(key, queue);
    }
    // Server kind not known yet (deferred start): serialise until it is, then only against FerretDB 1.x.
    const writes =
      this.serializeWrites === undefined && queue
        ? new SwitchableWriteQueue(queue, () => this.serializeWrites !== false)
        : queue;
    const created = new MongoCollection<T>(this.db.collection(name), writes);
    this.collections.set(name, created);
    return created;
  }

  async ping(): Promise<void> {
    if (this.retryTimer) await this.reconnect();
    await mongoCall(() => this.db.command({ ping: 1 }));
    if (this.serializeWrites === undefined) this.serializeWrites = await isFerret1(this.client);
  }

  /** One connection attempt at a time; on success the background retries stop. */
  private reconnect(): Promise<void> {
    this.connecting ??= mongoCall(() => this.client.connect())
      .then(() => {
        clearInterval(this.retryTimer);
        this.retryTimer = undefined;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  async close(): Promise<void> {
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    await this.client.close();
  }

  /** For tests: drops this store's database. */
  async dropDatabase(): Promise<void> {
    await mongoCall(() => this.db.dropDatabase());
  }
}

function newClient(options: MongoStoreOptions): MongoClient {
  const selection = options.serverSelectionTimeoutMs;
  return new MongoClient(options.url, {
    serverSelectionTimeoutMS: selection,
    connectTimeoutMS: Math.min(selection, 10_000),
    socketTimeoutMS: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
    heartbeatFrequencyMS: 5_000,
    ignoreUndefined: true,
    appName: 'mfa-enrolment-bot',
  });
}

async function isFerret1(client: MongoClient): Promise<boolean> {
  const info = await mongoCall(() => client.db('admin').command({ buildInfo: 1 }));
  return typeof info.ferretdbVersion === 'string' && /^v?1\./.test(info.ferretdbVersion);
}

/** A WriteQueue that queues only while `enabled()` says so (the server kind is learnt after start-up). */
class SwitchableWriteQueue extends WriteQueue {
  constructor(
    private readonly inner: WriteQueue,
    private readonly enabled: () => boolean,
  ) {
    super();
  }

  override run<T>(op: () => Promise<T>): Promise<T> {
    return this.enabled() ? this.inner.run(op) : op();
  }
}

/** `scheme://hosts` only: user names, passwords and query options (which may hold secrets) are left out. */
export function describeUrl(url: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?([^/?#]*)/.exec(url);
  return match ? `${match[1]}${match[2]}` : 'mongodb';
}
