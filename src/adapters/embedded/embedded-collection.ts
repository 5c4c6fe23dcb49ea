import Nedb from '@seald-io/nedb';
import { compareThings, deepCopy, getDotValue, match, modify } from '@seald-io/nedb/lib/model';
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
import { mapNedbError, toNedbQuery, upsertBase } from './nedb-query';

type Stored = Record<string, unknown> & { _id?: string };

/** How long store calls may run back to back before the next one lets the event loop turn. */
const SLICE_MS = 1;
/** When the current run of store calls without a turn of the event loop began (-1: none running). */
let sliceStart = -1;

/**
 * NeDB answers from memory through promises alone, so callers making store calls one after another never
 * let the event loop turn: a hundred reminders being prepared ran as one 30-60 ms task, and timers (the
 * Teams send budget's send times) waited behind it. A call made after 1 ms of such a run waits for the next
 * turn of the loop first; a bot turn's few calls never do, so they pay nothing.
 */
async function yieldWhenLong(): Promise<void> {
  const now = performance.now();
  if (sliceStart < 0) {
    sliceStart = now;
    setImmediate(() => {
      sliceStart = -1;
    });
    return;
  }
  if (now - sliceStart >= SLICE_MS) await new Promise((resolve) => setImmediate(resolve));
}

/** NeDB's order (the one its cursor sorts by) for a sort specification: earlier keys first. */
function sortOrder(sort: Record<string, 1 | -1>): (a: Stored, b: Stored) => number {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [key, direction] of keys) {
      const order = compareThings(getDotValue(a, key), getDotValue(b, key));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

/** NeDB's own candidate lookup (Datastore#_getCandidatesAsync: its indexes, then every document if none fits). */
interface CandidateSource {
  _getCandidatesAsync(query: object, dontExpireStaleDocs: boolean): Promise<Stored[]>;
}

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

  /**
   * NeDB keeps one list of documents per index key and goes through it to take a document out on every write
   * (an update takes the document out of every index and puts it back), so a key that most documents share
   * makes every write to any of them cost that many steps: 1.2 ms per saved chat state at 10,000 staff. An
   * index declared `sharedKey` is therefore not built here. Reads lose little: a query on a status matches a
   * large share of the collection anyway, and NeDB answers `$lte` on an index from the lowest key up, so the
   * documents lacking the field (a key below every value) came back as candidates too. (A sparse index would
   * leave those out, but NeDB 4.1 also leaves out every document whose key is a Date.)
   * A data directory written before this rule keeps the old indexes in its datafiles; they are removed here.
   */
  async ensureIndexes(specs: IndexSpec[]): Promise<void> {
    await this.ready();
    const built = (this.ds as unknown as { indexes: Record<string, unknown> }).indexes;
    for (const spec of specs) {
      const fields = Object.keys(spec.fields);
      if (spec.sharedKey && !spec.unique) {
        // NeDB names an index by its fields, sorted and joined by commas.
        const name = [...fields].sort().join(',');
        if (built[name]) await this.run(() => this.ds.removeIndexAsync(name));
        continue;
      }
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
    if (options.sort && options.limit)
      return this.firstSorted(filter, options.sort, options.skip ?? 0, options.limit);
    let cursor = this.ds.findAsync(toNedbQuery(filter), HIDE_ID);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const docs = (await this.run(() => cursor)) as unknown as Stored[];
    return docs.map((d) => withoutId(d) as T);
  }

  /**
   * The first `skip + limit` matches in sort order, without sorting them all: NeDB's cursor sorts every match
   * before it applies the limit (60 ms for 10,000 due reminders, on every top-up of a campaign's dispatcher,
   * long enough to make sends miss their send times). This keeps the best `skip + limit` in order as it goes
   * through NeDB's candidates (from its indexes), ties in NeDB's candidate order, as its stable sort leaves them.
   */
  private async firstSorted(
    filter: Filter,
    sort: Record<string, 1 | -1>,
    skip: number,
    limit: number,
  ): Promise<T[]> {
    const query = toNedbQuery(filter);
    const candidates = await this.run(() =>
      (this.ds as unknown as CandidateSource)._getCandidatesAsync(query, true),
    );
    const compare = sortOrder(sort);
    const keep = skip + limit;
    const best: Stored[] = [];
    for (const doc of candidates) {
      if (best.length === keep && compare(doc, best[keep - 1]) >= 0) continue;
      if (!match(doc, query)) continue;
      // After every equal one already kept (a stable order).
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(doc, best[mid]) < 0) hi = mid;
        else lo = mid + 1;
      }
      best.splice(lo, 0, doc);
      if (best.length > keep) best.pop();
    }
    return best.slice(skip).map((doc) => withoutId(deepCopy(doc)) as T);
  }

  /**
   * Sorted, in pages, without NeDB's cursor: a find with sort deep-copies and sorts everything it matches on
   * every call, so paging with sort + skip cost a full sort per page (23 s for 100,000 people), and paging
   * by `_id: { $in: page }` matched each document against every id of the page. NeDB keeps the whole
   * collection in memory, so this matches its documents in place (NeDB's own `match`), sorts the matching
   * references once (NeDB's own order), and hands out deep copies one page at a time, letting other work
   * run between pages. What it streams is the collection as it was when the stream started.
   */
  async *stream(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    await this.ready();
    const query = toNedbQuery(filter);
    const matching = this.ds.getAllData().filter((doc) => match(doc, query));
    matching.sort(sortOrder({ ...(options.sort ?? {}), _id: 1 }));
    const start = options.skip ?? 0;
    const end = options.limit === undefined ? matching.length : start + options.limit;
    for (let at = start; at < Math.min(end, matching.length); at += this.pageSize) {
      if (at > start) await new Promise((resolve) => setImmediate(resolve));
      for (const doc of matching.slice(at, Math.min(at + this.pageSize, end))) {
        yield withoutId(deepCopy(doc)) as T;
      }
    }
  }

  async count(filter: Filter): Promise<number> {
    await this.ready();
    return this.run(() => this.ds.countAsync(toNedbQuery(filter)) as unknown as Promise<number>);
  }

  /** Matches in place (NeDB keeps the collection in memory) and counts; nothing is copied. */
  async countBy(filter: Filter, by: string[]): Promise<GroupCount[]> {
    await this.ready();
    const query = toNedbQuery(filter);
    const groups = new Map<string, GroupCount>();
    for (const doc of this.ds.getAllData()) {
      if (!match(doc, query)) continue;
      const values = by.map((field) => (getDotValue(doc, field) ?? null) as Primitive);
      const id = JSON.stringify(values);
      const group = groups.get(id);
      if (group) group.count += 1;
      else groups.set(id, { key: Object.fromEntries(by.map((f, i) => [f, values[i]])), count: 1 });
    }
    return [...groups.values()];
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
    await yieldWhenLong();
    try {
      return await op();
    } catch (err) {
      throw mapNedbError(err, this.uniqueIndexes, doc);
    }
  }
}
