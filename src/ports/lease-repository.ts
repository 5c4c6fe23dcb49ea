/**
 * A named lease so that only one bot instance runs a periodic job at a time. One document per lease name:
 * taken when free or expired (findOneAndUpdate with an expiry guard), renewed by its holder, released on
 * stop. A crashed holder's lease simply expires, so another instance takes over.
 */
export interface Lease {
  name: string;
  holder: string;
  expiresAt: Date;
}

export interface LeaseRepository {
  /** Takes or renews the lease for `holder` until now + ttlMs; false when someone else holds it. */
  acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives the lease up early (only if `holder` still holds it). */
  release(name: string, holder: string): Promise<void>;
  get(name: string): Promise<Lease | null>;
}
