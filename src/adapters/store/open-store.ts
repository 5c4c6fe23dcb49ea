import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { DocumentStore } from '../../ports/document-store';

/**
 * Chooses the store: MongoDB when MONGODB_URL is set (fails with StoreUnavailableError if it cannot be
 * reached at start-up, unless deferIfUnavailable), otherwise the embedded file store under DATA_DIR.
 * Only the chosen adapter is loaded: the MongoDB driver alone is about 20 MB of resident memory and
 * 0.1 s of start-up that a bot on the embedded store never uses (see docs/performance.md).
 */
export async function openStore(
  config: Pick<Config, 'mongo' | 'dataDir'>,
  logger?: Logger,
  /** The bot (createApp): start even when MongoDB is down, and recover when it returns. CLIs fail fast. */
  options: { deferIfUnavailable?: boolean } = {},
): Promise<DocumentStore> {
  if (!config.mongo) {
    const { EmbeddedDocumentStore } = await import('../embedded/embedded-document-store');
    const store = new EmbeddedDocumentStore({ dataDir: config.dataDir });
    logger?.info({ store: store.description }, 'store opened');
    return store;
  }
  const { MongoDocumentStore } = await import('../mongo/mongo-document-store');
  const { store, deferred } = options.deferIfUnavailable
    ? await MongoDocumentStore.connectOrDefer(config.mongo)
    : { store: await MongoDocumentStore.connect(config.mongo), deferred: false };
  if (deferred) {
    logger?.warn(
      { store: store.description },
      'the database cannot be reached at start-up: starting anyway (/readyz answers 503 until it does)',
    );
  } else logger?.info({ store: store.description }, 'store opened');
  return store;
}
