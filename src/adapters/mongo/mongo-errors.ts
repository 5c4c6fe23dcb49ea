import {
  MongoClientClosedError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { DuplicateKeyError, StoreUnavailableError } from '../../errors';

const UNAVAILABLE_CLASSES = [
  MongoServerSelectionError,
  MongoNetworkError,
  MongoTopologyClosedError,
  MongoNotConnectedError,
  MongoClientClosedError,
  MongoServerClosedError,
  MongoOperationTimeoutError,
];
/** Driver-internal errors that are not exported as classes. */
const UNAVAILABLE_NAMES = new Set(['MongoPoolClosedError', 'MongoWaitQueueTimeoutError']);
/** Server answers meaning "not now" (shutting down, stepping down, no primary). */
const UNAVAILABLE_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

/** Turns driver errors into the port's: duplicate keys, and "the database cannot be reached". */
export function mapMongoError(err: unknown): unknown {
  if (err instanceof MongoServerError && isDuplicateKey(err))
    return new DuplicateKeyError(duplicateKeyName(err));
  if (UNAVAILABLE_CLASSES.some((cls) => err instanceof cls)) return new StoreUnavailableError(err);
  if (err instanceof Error && UNAVAILABLE_NAMES.has(err.name)) return new StoreUnavailableError(err);
  if (err instanceof MongoServerError && typeof err.code === 'number' && UNAVAILABLE_CODES.has(err.code)) {
    return new StoreUnavailableError(err);
  }
  return err;
}

/**
 * Every form a unique-index violation takes on the servers we run on: MongoDB, Atlas and Cosmos DB say code
 * 11000 (11001 on old MongoDB updates); FerretDB 1.x reports a violation caused by an update as InternalError
 * (code 1) carrying its backend's text: SQLite's "UNIQUE constraint failed", PostgreSQL's "duplicate key value
 * violates unique constraint".
 */
const DUPLICATE_KEY_CODES = new Set([11000, 11001]);
const DUPLICATE_KEY_TEXT = /UNIQUE constraint failed|duplicate key value violates unique constraint/;

function isDuplicateKey(err: MongoServerError): boolean {
  if (typeof err.code === 'number' && DUPLICATE_KEY_CODES.has(err.code)) return true;
  return DUPLICATE_KEY_TEXT.test(err.message);
}

/** MongoDB names the key pattern; FerretDB only says "E11000 duplicate key error collection: db.coll". */
function duplicateKeyName(err: MongoServerError): string {
  const pattern = err.keyPattern as Record<string, unknown> | undefined;
  if (pattern && Object.keys(pattern).length > 0) return Object.keys(pattern).join(',');
  const index = /index: (\S+)/.exec(err.message)?.[1];
  if (index) return index.replace(/_-?1(?=_|$)/g, '').replace(/_/g, ',');
  return 'key';
}

export async function mongoCall<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw mapMongoError(err);
  }
}
