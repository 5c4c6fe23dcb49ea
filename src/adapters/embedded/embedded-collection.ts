import Nedb from '@seald-io/nedb';
import { modify } from '@seald-io/nedb/lib/model';
import { DuplicateKeyError } from '../../errors';
import type { Collection, Filter, FindOptions, IndexSpec, Update } from '../../ports/document-store';
import { isEmptyUpdate, normaliseUpdate, stripUndefined, withoutId } from '../store/document-values';
import { mapNedbError, toNedbQuery, upsertBase } from './nedb-query';

type Stored = Record<string, unknown> & { _id?: string };

const HIDE_ID = { _id: 0 };

/**
 * One NeDB datastore per collection. NeDB runs its operations one at a time, so each call below is atomic
 * on its own, like a single-document operation in MongoDB.
 */
export class EmbeddedCollection<T extends object> implements Collection<T> {
  private readonly uniqueIndexes: IndexSpec[] = [];

  constructor(
    private readonly ds: Nedb<Stored>,
    private readonly ready: () => Promise<void>,
    private readonly pageSize: number,
  ) {}

  async ensureIndexes(specs: IndexSpec[]): Promise<void> {
    await this.ready();
    for (const spec of specs) {
      const fields = Object.keys(spec.fields);
      const fieldName = fields.length === 1 ? fields[0] : fields;
      await this.run(() => this.ds.ensureIndexAsync({ fieldName, unique: spec.unique, sparse: spec.sparse }));
      if (spec.unique) this.uniqueIndexes.push(spec);
    }
  }

  async insertOne(doc: T): Promise<void> {
    await this.ready();
    const clean = stripUndefined(doc) as Stored;
    await this.run(() => this.ds.insertAsync({ ...clean }), clean);
  }

  async findOne(filter: Filter): Promise<T | null> {
    const found = await this.find(filter, { limit: 1 });
    return found[0] ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    await this.ready();
    let cursor = this.ds.findAsync(toNedbQuery(filter), HIDE_ID);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const docs = (await this.run(() => cursor)) as unknown as Stored[];
    return docs.map((d) => withoutId(d) as T);
  }

  /** Sorted pages (with `_id` as the tie-breaker so pages never overlap while nothing changes). */
  async *stream(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const sort = { ...(options.sort ?? {}), _id: 1 as const };
    let skip = options.skip ?? 0;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = await this.find(filter, { sort, skip, limit: Math.min(this.pageSize, remaining) });
      for (const doc of page) yield doc;
      if (page.length < this.pageSize) return;
      skip += page.length;
      remaining -= page.length;
    }
  }

  async count(filter: Filter): Promise<number> {
    await this.ready();
    return this.run(() => this.ds.countAsync(toNedbQuery(filter)) as unknown as Promise<number>);
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: { upsert?: boolean } = {},
  ): Promise<T | null> {
    await this.ready();
    const clean = normaliseUpdate(update);
    const updated = isEmptyUpdate(clean) ? await this.findOne(filter) : await this.updateOne(filter, clean);
    if (updated || !options.upsert) return updated;
    try {
      return await this.insertUpserted(filter, clean);
    } catch (err) {
      // Someone inserted a matching document meanwhile (MongoDB's upsert behaves the same): update it.
      if (!(err instanceof DuplicateKeyError)) throw err;
      const retried = isEmptyUpdate(clean) ? await this.findOne(filter) : await this.updateOne(filter, clean);
      if (!retried) throw err;
      return retried;
    }
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    await this.ready();
    const clean = normaliseUpdate(update);
    if (isEmptyUpdate(clean)) return this.count(filter);
    const res = await this.run(
      () => this.ds.updateAsync(toNedbQuery(filter), clean, { multi: true }),
      clean.$set,
    );
    return res.numAffected;
  }

  async deleteMany(filter: Filter): Promise<number> {
    await this.ready();
    return this.run(() => this.ds.removeAsync(toNedbQuery(filter), { multi: true }));
  }

  private async updateOne(filter: Filter, update: Update): Promise<T | null> {
    const res = await this.run(
      () => this.ds.updateAsync(toNedbQuery(filter), update, { multi: false, returnUpdatedDocs: true }),
      update.$set,
    );
    const doc = res.affectedDocuments as Stored | null;
    return res.numAffected > 0 && doc ? (withoutId(doc) as T) : null;
  }

  private async insertUpserted(filter: Filter, update: Update): Promise<T> {
    const doc = modify(upsertBase(filter), update) as Stored;
    await this.run(() => this.ds.insertAsync({ ...doc }), doc);
    return withoutId(doc) as T;
  }

  private async run<R>(op: () => Promise<R>, doc?: object): Promise<R> {
    try {
      return await op();
    } catch (err) {
      throw mapNedbError(err, this.uniqueIndexes, doc);
    }
  }
}
