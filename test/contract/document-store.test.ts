import { DuplicateKeyError, StoreUnavailableError } from '../../src/errors';
import type { Collection } from '../../src/ports/document-store';
import { describeEachStore } from '../support/store-factories';

interface Thing {
  key: string;
  n: number;
  group?: string;
  at?: Date;
  tags?: string[];
  nested?: { a: number; b?: string };
  email?: string;
}

const things = (n: number): Thing[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `k${String(i).padStart(3, '0')}`,
    n: i,
    group: i % 2 ? 'odd' : 'even',
  }));

describeEachStore('DocumentStore', ({ store, factory }) => {
  let c: Collection<Thing>;
  beforeEach(async () => {
    c = store().collection<Thing>('things');
    await c.ensureIndexes([{ fields: { key: 1 }, unique: true }, { fields: { group: 1, n: -1 } }]);
  });

  async function insertAll(docs: Thing[]): Promise<void> {
    for (const d of docs) await c.insertOne(d);
  }

  it('when a document is inserted, then it is found without the store _id and with its Dates as Dates', async () => {
    const at = new Date('2026-11-23T10:11:12.345Z');
    await c.insertOne({ key: 'a', n: 1, at, nested: { a: 1, b: 'x' }, tags: ['t'] });
    const found = await c.findOne({ key: 'a' });
    expect(found).toEqual({ key: 'a', n: 1, at, nested: { a: 1, b: 'x' }, tags: ['t'] });
    expect(found?.at).toBeInstanceOf(Date);
    expect(found).not.toHaveProperty('_id');
    expect(await c.findOne({ key: 'missing' })).toBeNull();
  });

  it('when a unique key is inserted twice, then DuplicateKeyError names the key', async () => {
    await c.insertOne({ key: 'a', n: 1 });
    const err = await c.insertOne({ key: 'a', n: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateKeyError);
    expect((err as DuplicateKeyError).key).toBe('key');
    expect(await c.count({})).toBe(1);
  });

  it('when ensureIndexes runs again with the same specs, then nothing fails', async () => {
    await c.ensureIndexes([{ fields: { key: 1 }, unique: true }, { fields: { group: 1, n: -1 } }]);
    await c.insertOne({ key: 'a', n: 1 });
    expect(await c.count({})).toBe(1);
  });

  it('when a unique sparse index is on an optional field, then many documents may lack it but not share it', async () => {
    await c.ensureIndexes([{ fields: { email: 1 }, unique: true, sparse: true }]);
    await insertAll([
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
      { key: 'c', n: 3, email: 'x@y' },
    ]);
    await expect(c.insertOne({ key: 'd', n: 4, email: 'x@y' })).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  it('when finding with sort, skip and limit, then the page is in order', async () => {
    await insertAll(things(10).reverse());
    const page = await c.find({}, { sort: { n: 1 }, skip: 2, limit: 3 });
    expect(page.map((t) => t.n)).toEqual([2, 3, 4]);
    const desc = await c.find({ group: 'odd' }, { sort: { n: -1 } });
    expect(desc.map((t) => t.n)).toEqual([9, 7, 5, 3, 1]);
  });

  it('when finding the first few of many matches by a sort on a repeated value, then they are the first few of the whole sorted set', async () => {
    // 300 documents, 10 dates repeated: the embedded store keeps only the best few as it goes (no full sort).
    const base = Date.UTC(2026, 10, 1);
    await insertAll(
      Array.from({ length: 300 }, (_, i) => ({
        key: `m${String(i).padStart(3, '0')}`,
        n: i,
        group: i % 3 === 0 ? 'skip' : 'take',
        at: new Date(base + ((i * 7) % 10) * 60_000),
      })),
    );
    const page = await c.find({ group: 'take' }, { sort: { at: -1, n: 1 }, skip: 2, limit: 5 });
    const all = (await c.find({ group: 'take' }))
      .sort((a, b) => (b.at?.getTime() ?? 0) - (a.at?.getTime() ?? 0) || a.n - b.n)
      .slice(2, 7);
    expect(page.map((t) => t.n)).toEqual(all.map((t) => t.n));
    expect(page.every((t) => t.at instanceof Date)).toBe(true);
  });

  it('when filtering with $in, $nin, $ne, $exists, ranges, $or and dotted paths, then both drivers agree', async () => {
    await insertAll(things(6));
    await c.insertOne({ key: 'x', n: 100, nested: { a: 5 }, tags: ['p', 'q'] });
    const keys = async (f: Parameters<Collection<Thing>['find']>[0]) =>
      (await c.find(f, { sort: { key: 1 } })).map((t) => t.key);
    expect(await keys({ n: { $in: [1, 2, 100] } })).toEqual(['k001', 'k002', 'x']);
    expect(await keys({ n: { $nin: [0, 1, 2, 3, 4] } })).toEqual(['k005', 'x']);
    expect(await keys({ group: { $ne: 'even' } })).toEqual(['k001', 'k003', 'k005', 'x']);
    expect(await keys({ group: { $exists: false } })).toEqual(['x']);
    expect(await keys({ n: { $gte: 2, $lt: 4 } })).toEqual(['k002', 'k003']);
    expect(await keys({ $or: [{ n: 0 }, { 'nested.a': 5 }] })).toEqual(['k000', 'x']);
    expect(await keys({ 'tags.1': { $exists: true } })).toEqual(['x']);
    expect(await keys({ key: { $regex: '^K00[12]$', $options: 'i' } })).toEqual(['k001', 'k002']);
  });

  it('when streaming more documents than a page, then all come in sort order exactly once', async () => {
    await insertAll(things(450));
    const seen: number[] = [];
    for await (const t of c.stream({}, { sort: { key: -1 } })) seen.push(t.n);
    expect(seen).toHaveLength(450);
    expect(seen[0]).toBe(449);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    const limited: number[] = [];
    for await (const t of c.stream({ group: 'even' }, { sort: { n: 1 }, skip: 1, limit: 3 }))
      limited.push(t.n);
    expect(limited).toEqual([2, 4, 6]);
  });

  it('when a streamed document is changed by the reader, then the stored one is not', async () => {
    await insertAll(things(3));
    for await (const t of c.stream({}, { sort: { n: 1 } })) (t as { n: number }).n = 99;
    expect((await c.find({}, { sort: { n: 1 } })).map((t) => t.n)).toEqual([0, 1, 2]);
  });

  it('when counting, then the filter applies', async () => {
    await insertAll(things(7));
    expect(await c.count({})).toBe(7);
    expect(await c.count({ group: 'odd' })).toBe(3);
  });

  it('when findOneAndUpdate matches, then it returns the document after $set, $inc, $unset and $push', async () => {
    await c.insertOne({ key: 'a', n: 1, group: 'g', tags: ['x'] });
    const after = await c.findOneAndUpdate(
      { key: 'a', n: 1 },
      {
        $set: { 'nested.a': 2, at: new Date(5) },
        $inc: { n: 1 },
        $unset: { group: true },
        $push: { tags: 'y' },
      },
    );
    expect(after).toEqual({ key: 'a', n: 2, nested: { a: 2 }, at: new Date(5), tags: ['x', 'y'] });
    expect(await c.findOne({ key: 'a' })).toEqual(after);
  });

  it('when findOneAndUpdate matches nothing, then it returns null and changes nothing', async () => {
    await c.insertOne({ key: 'a', n: 1 });
    expect(await c.findOneAndUpdate({ key: 'a', n: 99 }, { $inc: { n: 1 } })).toBeNull();
    expect(await c.findOne({ key: 'a' })).toEqual({ key: 'a', n: 1 });
  });

  it('when upserting a missing document, then it is made of the filter equalities and the update', async () => {
    const created = await c.findOneAndUpdate(
      { key: 'new', n: { $gte: 0 } },
      { $set: { n: 7, 'nested.a': 1 } },
      { upsert: true },
    );
    expect(created).toEqual({ key: 'new', n: 7, nested: { a: 1 } });
    const again = await c.findOneAndUpdate({ key: 'new' }, { $inc: { n: 1 } }, { upsert: true });
    expect(again).toEqual({ key: 'new', n: 8, nested: { a: 1 } });
    expect(await c.count({})).toBe(1);
  });

  it('when an update would break a unique index, then DuplicateKeyError is thrown', async () => {
    await insertAll([
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
    ]);
    await expect(c.findOneAndUpdate({ key: 'b' }, { $set: { key: 'a' } })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    await expect(c.updateMany({ key: 'b' }, { $set: { key: 'a' } })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
  });

  it('when undefined values are written, then they are left out rather than stored as null', async () => {
    await c.insertOne({ key: 'a', n: 1, group: undefined });
    await c.findOneAndUpdate({ key: 'a' }, { $set: { email: undefined, n: 2 } });
    expect(await c.findOne({ key: 'a' })).toEqual({ key: 'a', n: 2 });
    expect(await c.count({ group: { $exists: true } })).toBe(0);
  });

  it('when updating and deleting many, then the counts are the matched documents', async () => {
    await insertAll(things(6));
    expect(await c.updateMany({ group: 'odd' }, { $set: { email: 'z' } })).toBe(3);
    expect(await c.count({ email: 'z' })).toBe(3);
    expect(await c.deleteMany({ group: 'even' })).toBe(3);
    expect(await c.count({})).toBe(3);
  });

  it('when documents are counted by group, then each combination of values has its count, after the filter', async () => {
    await insertAll(things(7));
    await c.insertOne({ key: 'x', n: 100, nested: { a: 1 } });
    const groups = await c.countBy({ n: { $lt: 6 } }, ['group']);
    expect(groups.sort((a, b) => String(a.key.group).localeCompare(String(b.key.group)))).toEqual([
      { key: { group: 'even' }, count: 3 },
      { key: { group: 'odd' }, count: 3 },
    ]);
    const byTwo = await c.countBy({ n: { $gte: 4 } }, ['group', 'nested.a']);
    const byKey = (g: { key: object }): string => JSON.stringify(g.key);
    expect(byTwo.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([
      { key: { group: 'even', 'nested.a': null }, count: 2 },
      { key: { group: 'odd', 'nested.a': null }, count: 1 },
      { key: { group: null, 'nested.a': 1 }, count: 1 },
    ]);
    expect(await c.countBy({ group: 'none' }, ['group'])).toEqual([]);
  });

  it('when pinged, then it answers and the description holds no credentials', async () => {
    await expect(store().ping()).resolves.toBeUndefined();
    expect(store().description).not.toMatch(/@|password/i);
  });

  it('when the store is closed, then ping and operations fail with StoreUnavailableError', async () => {
    const opened = await factory().open();
    const things = opened.store.collection<Thing>('things');
    await things.insertOne({ key: 'a', n: 1 });
    await opened.cleanup();
    await expect(opened.store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(things.findOne({ key: 'a' })).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
