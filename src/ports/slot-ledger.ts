/**
 * Numbered slots claimed in the database every bot instance shares: within a `scope` each `seq` can be
 * claimed once, by whoever inserts it first (a unique index decides, so it holds on MongoDB, FerretDB 1.x
 * across processes and the embedded store alike; no update has to be atomic with its filter). Two limits
 * use it: the tenant's Teams send budget (slot = a stretch of future send times) and the per-person
 * expensive-command limit (slot = one allowed command). Claims carry an expiry and are swept after it.
 */
export interface SlotClaim {
  seq: number;
  at: Date;
}

export interface SlotLedger {
  /** True when this caller now holds slot `seq` of `scope`; false when someone claimed it first. */
  claim(scope: string, seq: number, at: Date, expiresAt: Date): Promise<boolean>;
  /** The `n` highest-numbered claims of `scope` still on record, highest first. */
  latest(scope: string, n: number): Promise<SlotClaim[]>;
  /** Deletes claims whose expiry is before `now`; returns how many. */
  sweep(now: Date): Promise<number>;
}
