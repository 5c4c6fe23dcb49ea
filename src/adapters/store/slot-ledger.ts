import { DuplicateKeyError } from '../../errors';
import type { DocumentStore } from '../../ports/document-store';
import type { Purgeable } from '../../ports/retention';
import type { SlotClaim, SlotLedger } from '../../ports/slot-ledger';
import { LazyCollection } from './lazy-collection';
import { isLookupText } from './safe-value';

interface ClaimDoc {
  scope: string;
  seq: number;
  at: Date;
  expiresAt: Date;
}

/**
 * Slot claims in `slotClaims`: one document per claimed (scope, seq), inserted under a unique index, so
 * exactly one instance wins each slot with one round trip and no atomic update. Expired claims are swept
 * (by their users while they claim, and by the hourly retention sweep), as FerretDB has no TTL index.
 */
export class DocumentSlotLedger implements SlotLedger, Purgeable {
  private readonly claims: LazyCollection<ClaimDoc>;

  constructor(store: DocumentStore) {
    this.claims = new LazyCollection<ClaimDoc>(store, 'slotClaims', [
      { fields: { scope: 1, seq: 1 }, unique: true },
      { fields: { expiresAt: 1 } },
    ]);
  }

  async claim(scope: string, seq: number, at: Date, expiresAt: Date): Promise<boolean> {
    if (!isLookupText(scope) || !Number.isSafeInteger(seq)) return false;
    try {
      await (await this.claims.get()).insertOne({ scope, seq, at, expiresAt });
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  async latest(scope: string, n: number): Promise<SlotClaim[]> {
    if (!isLookupText(scope) || n < 1) return [];
    const docs = await (await this.claims.get()).find({ scope }, { sort: { seq: -1 }, limit: n });
    return docs.map((d) => ({ seq: d.seq, at: new Date(d.at) }));
  }

  async sweep(now: Date): Promise<number> {
    return (await this.claims.get()).deleteMany({ expiresAt: { $lt: now } });
  }

  /** The retention sweep's rule: claims that expired before `before`. */
  purgeOlderThan(before: Date): Promise<number> {
    return this.sweep(before);
  }
}
