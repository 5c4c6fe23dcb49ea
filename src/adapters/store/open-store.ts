import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { DocumentStore } from '../../ports/document-store';
import { EmbeddedDocumentStore } from '../embedded/embedded-document-store';
import { MongoDocumentStore } from '../mongo/mongo-document-store';

/**
 * Chooses the store: MongoDB when MONGODB_URL is set (fails with StoreUnavailableError if it cannot be
 * reached at start-up), otherwise the embedded file store under DATA_DIR.
 */
export async function openStore(
  config: Pick<Config, 'mongo' | 'dataDir'>,
  logger?: Logger,
): Promise<DocumentStore> {
  const store = config.mongo
    ? await MongoDocumentStore.connect(config.mongo)
    : new EmbeddedDocumentStore({ dataDir: config.dataDir });
  logger?.info({ store: store.description }, 'store opened');
  return store;
}
