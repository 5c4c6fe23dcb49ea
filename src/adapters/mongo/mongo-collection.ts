import type { Collection as DriverCollection, Document, Filter as DriverFilter, UpdateFilter } from 'mongodb';
import { DuplicateKeyError } from '../../errors';
import type {
  Collection,
  Filter,
  FindOptions,
  GroupCount,
  IndexSpec,
  Primitive,
  Update,
} from '../../ports/document-store';
import { isEmptyUpdate, normaliseUpdate, stripUndefined, withoutId } from '../store/document-values';
import { mapMongoError, mongoCall } from './mongo-errors';
import type { WriteQueue } from './write-queue';

const HIDE_ID = { _id: 0 } as const;

/** The port's collection on the official driver. Every document comes back without `_id`. */
export class MongoCollection<T extends object> implements Collection<T> {
  private readonly uniqueIndexes: IndexSpec[] = [];

  constructor(
    private readonly coll: DriverCollection<Document>,
    /** Set against servers whose single-document updates are not atomic (FerretDB 1.x). */
    private readonly writes?: WriteQueue,
  ) {}

  /** One createIndex per spec (FerretDB 1.x drops the connection when a batch repeats existing indexes). */
  async ensureIndexes(specs: IndexSpec[]): Promise<void> {
    for (const spec of specs) {
      const options = { ...(spec.unique ? { unique: true } : {}), ...(spec.sparse ? { sparse: true } : {}) };
      await mongoCall(() => this.coll.createIndex(spec.fields, options));
      if (spec.unique) this.uniqueIndexes.push(spec);
    }
  }

  async insertOne(doc: T): Promise<void> {
    const clean = stripUndefined(doc) as Document;
    await this.withKeyNames(() => this.coll.insertOne({ ...clean }), clean);
  }

  async findOne(filter: Filter): Promise<T | null> {
    const doc = await mongoCall(() => this.coll.findOne(driverFilter(filter), { projection: HIDE_ID }));
    return doc ? (withoutId(doc) as T) : null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const docs = await mongoCall(() => this.cursor(filter, options).toArray());
    return docs.map((d) => withoutId(d) as T);
  }

  async *stream(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const cursor = this.cursor(filter, options);
    try {
      for (;;) {
        const doc = await mongoCall(() => cursor.next());
        if (doc === null) return;
        yield withoutId(doc) as T;
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  count(filter: Filter): Promise<number> {
    return mongoCall(() => this.coll.countDocuments(driverFilter(filter)));
  }

  async countBy(filter: Filter, by: string[]): Promise<GroupCount[]> {
    // Group keys may not hold dots: each field is grouped under its position.
    const id = Object.fromEntries(by.map((field, i) => [`k${i}`, `$${field}`]));
    const rows = await mongoCall(() =>
      this.coll
        .aggregate<{ _id: Record<string, Primitive | undefined>; count: number }>([
          { $match: driverFilter(filter) },
          { $group: { _id: id, count: { $sum: 1 } } },
        ])
        .toArray(),
    );
    return rows.map((row) => ({
      key: Object.fromEntries(by.map((field, i) => [field, row._id[`k${i}`] ?? null])),
      count: row.count,
    }));
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: { upsert?: boolean } = {},
  ): Promise<T | null> {
    const clean = normaliseUpdate(update);
    if (isEmptyUpdate(clean)) {
      const found = await this.findOne(filter);
      if (found || !options.upsert) return found;
    }
    // An empty update with upsert inserts the filter's equalities (a no-op $set keeps the driver happy).
    const body = isEmptyUpdate(clean) ? { $set: {} } : clean;
    const doc = await this.withKeyNames(
      () =>
        this.coll.findOneAndUpdate(driverFilter(filter), body as UpdateFilter<Document>, {
          returnDocument: 'after',
          upsert: options.upsert ?? false,
        }),
      { ...filter, ...(clean.$set ?? {}) },
    );
    return doc ? (withoutId(doc) as T) : null;
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    const clean = normaliseUpdate(update);
    if (isEmptyUpdate(clean)) return this.count(filter);
    const res = await this.withKeyNames(
      () => this.coll.updateMany(driverFilter(filter), clean as UpdateFilter<Document>),
      clean.$set ?? {},
    );
    return res.matchedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const res = await this.withKeyNames(() => this.coll.deleteMany(driverFilter(filter)), {});
    return res.deletedCount;
  }

  private cursor(filter: Filter, options: FindOptions) {
    return this.coll.find(driverFilter(filter), {
      projection: HIDE_ID,
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
  }

  /**
   * Runs a write; on a duplicate key the server may not say which index (FerretDB does not), so the
   * unique indexes this collection declared are checked against the written values to name the key.
   */
  private async withKeyNames<R>(op: () => Promise<R>, values: Record<string, unknown>): Promise<R> {
    try {
      return await (this.writes ? this.writes.run(op) : op());
    } catch (err) {
      const mapped = mapMongoError(err);
      if (mapped instanceof DuplicateKeyError && mapped.key === 'key') {
        throw new DuplicateKeyError(await this.clashingKey(values));
      }
      throw mapped;
    }
  }

  private async clashingKey(values: Record<string, unknown>): Promise<string> {
    for (const spec of this.uniqueIndexes) {
      const fields = Object.keys(spec.fields);
      if (!fields.every((f) => values[f] !== undefined && typeof values[f] !== 'object')) continue;
      const probe = Object.fromEntries(fields.map((f) => [f, values[f]]));
      const clash = await this.coll.findOne(probe).catch(() => null);
      if (clash) return fields.join(',');
    }
    return 'key';
  }
}

function driverFilter(filter: Filter): DriverFilter<Document> {
  return filter;
}
