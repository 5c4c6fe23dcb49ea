import { ConversationState, MemoryStorage, TurnContext, TestAdapter, type Storage } from 'botbuilder';
import { DocumentBotStorage } from '../../src/adapters/store/document-bot-storage';
import { ConcurrencyError } from '../../src/errors';
import { describeEachStore } from '../support/store-factories';

const KEY = 'msteams/conversations/a:1xYz.Q-9$weird.key/users/29:1abc';

describeEachStore('DocumentBotStorage', ({ store }) => {
  let storage: DocumentBotStorage;
  beforeEach(() => {
    storage = new DocumentBotStorage(store());
  });

  it('when an item with dotted and $ keys is written, then it reads back with an eTag', async () => {
    await storage.write({ [KEY]: { dialogStack: [{ id: 'enrol', state: { 'a.b': 1, $c: 'x' } }] } });
    const items = await storage.read([KEY, 'missing']);
    expect(Object.keys(items)).toEqual([KEY]);
    expect(items[KEY]).toMatchObject({ dialogStack: [{ id: 'enrol', state: { 'a.b': 1, $c: 'x' } }] });
    expect(typeof items[KEY]?.eTag).toBe('string');
  });

  it('when two writers start from the same eTag, then the second gets ConcurrencyError and the first wins', async () => {
    await storage.write({ [KEY]: { count: 1 } });
    const read = (await storage.read([KEY]))[KEY];
    await storage.write({ [KEY]: { ...read, count: 2 } });
    await expect(storage.write({ [KEY]: { ...read, count: 3 } })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ count: 2 });
  });

  it('when two writers race from the same eTag, then exactly one wins', async () => {
    await storage.write({ [KEY]: { count: 1 } });
    const read = (await storage.read([KEY]))[KEY];
    const results = await Promise.allSettled([
      storage.write({ [KEY]: { ...read, count: 2 } }),
      new DocumentBotStorage(store()).write({ [KEY]: { ...read, count: 3 } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConcurrencyError);
  });

  it("when writing with eTag '*' or none, then the write wins regardless", async () => {
    await storage.write({ [KEY]: { count: 1 } });
    await storage.write({ [KEY]: { count: 2, eTag: '*' } });
    await storage.write({ [KEY]: { count: 3 } });
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ count: 3 });
  });

  it('when an item is deleted, then it is gone and other keys stay', async () => {
    await storage.write({ [KEY]: { a: 1 }, other: { b: 2 } });
    await storage.delete([KEY]);
    expect(Object.keys(await storage.read([KEY, 'other']))).toEqual(['other']);
  });

  it('when ConversationState saves through it, then a new turn (or a restarted bot) sees the state', async () => {
    const seen = await countTurns(storage);
    expect(seen).toEqual([1, 2, 3]);
    const again = await countTurns(new DocumentBotStorage(store()));
    expect(again).toEqual([4, 5, 6]);
  });

  it('behaves like botbuilder MemoryStorage on the same script', async () => {
    expect(await countTurns(new MemoryStorage())).toEqual([1, 2, 3]);
  });
});

/** Three turns of a bot that counts messages in conversation state. */
async function countTurns(storage: Storage): Promise<number[]> {
  const state = new ConversationState(storage);
  const counter = state.createProperty<number>('count');
  const seen: number[] = [];
  const adapter = new TestAdapter(async (ctx: TurnContext) => {
    const n = ((await counter.get(ctx, 0)) ?? 0) + 1;
    await counter.set(ctx, n);
    seen.push(n);
    await state.saveChanges(ctx);
  });
  await adapter.send('one');
  await adapter.send('two');
  await adapter.send('three');
  return seen;
}
