import { MongoDocumentStore, describeUrl } from '../../src/adapters/mongo/mongo-document-store';
import { openStore } from '../../src/adapters/store/open-store';
import { StoreUnavailableError } from '../../src/errors';
import { findFerretDbBinary, freePort, startFerretDb, type FerretDbServer } from '../support/ferretdb';
import { mongoTestUrl, uniqueDbName } from '../support/store-factories';

const binary = findFerretDbBinary();
const haveServer = mongoTestUrl() !== undefined && binary !== undefined;
if (!haveServer) process.stderr.write('SKIPPED MongoDB availability tests: no FerretDB in this run\n');
const describeWithServer = haveServer ? describe : describe.skip;

describe('MongoDocumentStore description', () => {
  it('when the URL holds credentials and options, then the description shows only scheme and hosts', () => {
    expect(
      describeUrl(
        'mongodb://bot:s3cret@db1:27017,db2:27017/mfa?replicaSet=rs0&tlsCertificateKeyFilePassword=x',
      ),
    ).toBe('mongodb://db1:27017,db2:27017');
    expect(describeUrl('mongodb+srv://user:pw@cluster0.example.mongodb.net/?retryWrites=true')).toBe(
      'mongodb+srv://cluster0.example.mongodb.net',
    );
  });

  it('when nothing listens at the URL, then connect fails fast with StoreUnavailableError', async () => {
    const port = await freePort();
    const started = Date.now();
    const err = await MongoDocumentStore.connect({
      url: `mongodb://127.0.0.1:${port}/`,
      db: 'x',
      serverSelectionTimeoutMs: 500,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describeWithServer('MongoDocumentStore when the server goes away and comes back', () => {
  let server: FerretDbServer;
  let store: MongoDocumentStore;
  beforeAll(async () => {
    server = await startFerretDb({ binary });
    store = await MongoDocumentStore.connect({
      url: server.url,
      db: uniqueDbName(),
      serverSelectionTimeoutMs: 2000,
    });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('then operations fail with StoreUnavailableError within 5 s, and work again after it restarts', async () => {
    const things = store.collection<{ n: number }>('things');
    await things.insertOne({ n: 1 });
    await server.stop();

    const started = Date.now();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(things.findOne({ n: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    const detectMs = Date.now() - started;
    expect(detectMs).toBeLessThan(5000);

    await server.restart();
    const back = Date.now();
    await waitFor(() => store.ping(), 15_000);
    expect(await things.findOne({ n: 1 })).toEqual({ n: 1 });
    process.stderr.write(
      `mongo availability: down detected in ${detectMs} ms, usable again ${Date.now() - back} ms after restart\n`,
    );
  }, 60_000);
});

describeWithServer('openStore', () => {
  it('when MONGODB_URL is configured, then it opens MongoDB; otherwise the embedded store under DATA_DIR', async () => {
    const mongo = await openStore({
      mongo: { url: mongoTestUrl() as string, db: uniqueDbName(), serverSelectionTimeoutMs: 2000 },
      dataDir: '/nonexistent',
    });
    expect(mongo.kind).toBe('mongo');
    await mongo.ping();
    await mongo.close();
    const embedded = await openStore({ mongo: undefined, dataDir: '/tmp/open-store-test' });
    expect(embedded.kind).toBe('embedded');
    expect(embedded.description).toContain('/tmp/open-store-test/db');
    await embedded.close();
  });
});

async function waitFor(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
