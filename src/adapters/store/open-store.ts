import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { DocumentStore } from '../../ports/document-store';
import { EmbeddedDocumentStore } from '../embedded/embedded-document-store';
import { MongoDocumentStore } from '../mongo/mongo-document-store';

/**
 * Chooses the store: MongoDB when MONGODB_URL is set (fails with StoreUnavailableError if it cannot be
 * reached at start-up, unless deferIfUnavailable), otherwise the embedded file store under DATA_DIR.
 */
export async function openStore(
  config: Pick<Config, 'mongo' | 'dataDir'>,
  logger?: Logger,
  /** The bot (createApp): start even when MongoDB is down, and recover when it returns. CLIs fail fast. */
  options: { deferIfUnavailable?: boolean } = {},
): Promise<DocumentStore> {
  if (!config.mongo) {
    const store = new EmbeddedDocumentStore({ dataDir: config.dataDir });
    logger?.info({ store: store.description }, 'store opened');
    return store;
  }
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
