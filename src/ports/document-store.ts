/**
 * The storage port every repository is written against. Two drivers implement it:
 * adapters/mongo (official driver; MongoDB 6+, Atlas, FerretDB) and adapters/embedded (file-backed, for
 * `npm start` with no database). It exposes only what both can do atomically on ONE document:
 * no transactions, no TTL indexes, no partial indexes, no change streams.
 *
 * Filters and updates are built by repositories from typed values. User text is only ever a value,
 * never a key or an operator: `assertSafeValue` rejects objects with `$`-prefixed or dotted keys.
 */
export type Primitive = string | number | boolean | Date | null;
export type FieldCondition =
  | Primitive
  | { $in: Primitive[] }
  | { $nin: Primitive[] }
  | { $ne: Primitive }
  | { $exists: boolean }
  /** A regular expression source built by code (user text escaped with escapeRegex); 'i' = ignore case. */
  | { $regex: string; $options?: 'i' }
  | { $lt?: Primitive; $lte?: Primitive; $gt?: Primitive; $gte?: Primitive };

/** Field name (dotted paths allowed, written by code only) -> condition. All conditions must hold. */
export type FilterClause = Record<string, FieldCondition>;
/** `$or`: at least one clause must hold (as well as the other fields). */
export type Filter = { [field: string]: FieldCondition | FilterClause[] | undefined; $or?: FilterClause[] };

export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true>;
  $inc?: Record<string, number>;
  /** Append to an array field. */
  $push?: Record<string, unknown>;
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  unique?: boolean;
  /** Only index documents that have the field (needed for unique indexes on optional fields). */
  sparse?: boolean;
  /**
   * Most documents share one key of this index: a field with a handful of values (a status), or one that most
   * documents lack. MongoDB indexes it as declared; the embedded store does not (embedded-collection.ts).
   */
  sharedKey?: boolean;
}

/** One group of `countBy`: the grouped fields' values (null when a document lacks the field) and how many. */
export interface GroupCount {
  key: Record<string, Primitive>;
  count: number;
}

/** Documents come back without the store's own `_id`. */
export interface Collection<T extends object> {
  ensureIndexes(specs: IndexSpec[]): Promise<void>;
  /** Throws DuplicateKeyError when a unique index is violated. */
  insertOne(doc: T): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Streams matching documents in `sort` order without holding them all in memory (where the driver allows). */
  stream(filter: Filter, options?: FindOptions): AsyncIterable<T>;
  count(filter: Filter): Promise<number>;
  /**
   * Counts the documents matching `filter` grouped by the values of the fields `by`, in the database (MongoDB:
   * one aggregation, `$match` first, then `$group`); no document is sent back, only one row per group.
   */
  countBy(filter: Filter, by: string[]): Promise<GroupCount[]>;
  /**
   * Atomically applies `update` to one document matching `filter` and returns it as it is AFTER the
   * update, or null when nothing matched. With `upsert`, inserts (filter equalities + update) when nothing
   * matches. Throws DuplicateKeyError on a unique index violation.
   */
  findOneAndUpdate(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<T | null>;
  updateMany(filter: Filter, update: Update): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
}

export interface DocumentStore {
  readonly kind: 'mongo' | 'embedded';
  /** A short description for logs and /readyz, never containing credentials. */
  readonly description: string;
  collection<T extends object>(name: string): Collection<T>;
  /** Resolves when the store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
