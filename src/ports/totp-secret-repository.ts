/**
 * The authenticator secret a person is registering. While `pending` it holds the sealed (AES-256-GCM)
 * secret; confirming removes the secret and keeps only the accepted time step, so it can never be shown
 * again and the code that confirmed it can never be accepted again.
 */
export interface StoredTotpSecret {
  aadObjectId: string;
  state: 'pending' | 'confirmed';
  sealedSecret?: string;
  createdAt: Date;
  confirmedAt?: Date;
  lastAcceptedStep?: number;
  /** The Entra hardware OATH token made for this secret (Entra-backed "codes from the app" path only). */
  deviceId?: string;
}

export interface TotpSecretRepository {
  get(aadObjectId: string): Promise<StoredTotpSecret | null>;
  /** Stores a new pending secret (and the Entra token made for it, if any), replacing whatever was there. */
  savePending(aadObjectId: string, sealedSecret: string, now: Date, deviceId?: string): Promise<void>;
  /**
   * Atomically confirms the pending secret `sealedSecret` at time step `timeStep`: true for exactly one
   * caller, false when it was confirmed or replaced meanwhile or the step is not after the last accepted.
   */
  confirm(aadObjectId: string, sealedSecret: string, timeStep: number, now: Date): Promise<boolean>;
  /** Deletes an unconfirmed secret (restart, or a new secret requested). Returns true when one existed. */
  revokePending(aadObjectId: string): Promise<boolean>;
}
