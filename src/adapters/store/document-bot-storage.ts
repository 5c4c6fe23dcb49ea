import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { ConcurrencyError, DuplicateKeyError } from '../../errors';
import { systemClock, type Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';

/** One bot state item. The key is a value (keys hold `.`, `:`, `/`), the state is JSON like MemoryStorage keeps it. */
interface StoredBotState {
  key: string;
  value: string;
  eTag: string;
  updatedAt: Date;
}

/**
 * botbuilder `Storage` (ConversationState, UserState) over the DocumentStore, so dialogs resume after a
 * restart. Same semantics as botbuilder's MemoryStorage: a write with the eTag it read succeeds only if
 * nobody wrote since; no eTag or '*' writes unconditionally.
 */
export class DocumentBotStorage implements Storage {
  private readonly items: LazyCollection<StoredBotState>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock = systemClock,
  ) {
    this.items = new LazyCollection<StoredBotState>(store, 'botState', [
      { fields: { key: 1 }, unique: true },
    ]);
  }

  async init(): Promise<void> {
    await this.items.get();
  }

  async read(keys: string[]): Promise<StoreItems> {
    const wanted = keys.filter((k) => typeof k === 'string');
    if (wanted.length === 0) return {};
    const found = await (await this.items.get()).find({ key: { $in: wanted } });
    const out: StoreItems = {};
    for (const doc of found) out[doc.key] = { ...(JSON.parse(doc.value) as StoreItem), eTag: doc.eTag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      await this.writeOne(key, item as StoreItem);
    }
  }

  async delete(keys: string[]): Promise<void> {
    const wanted = keys.filter((k) => typeof k === 'string');
    if (wanted.length > 0) await (await this.items.get()).deleteMany({ key: { $in: wanted } });
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const items = await this.items.get();
    const { eTag, ...state } = item;
    const next = { value: JSON.stringify(state), eTag: randomUUID(), updatedAt: this.clock.now() };
    const unconditional = typeof eTag !== 'string' || eTag === '' || eTag === '*';
    const filter = unconditional ? { key } : { key, eTag };
    if (await items.findOneAndUpdate(filter, { $set: next })) return;
    try {
      await items.insertOne({ key, ...next });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      // Someone else wrote this key meanwhile (or since our read): an unconditional write still wins.
      if (!unconditional) throw new ConcurrencyError('conversation state');
      await items.findOneAndUpdate({ key }, { $set: next });
    }
  }
}
