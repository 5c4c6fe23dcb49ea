import type { DocumentStore } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';
import type { StoredTotpSecret, TotpSecretRepository } from '../../ports/totp-secret-repository';

/** One document per person in `totp_secrets`; confirmation is a single state-guarded update. */
export class StoreTotpSecretRepository implements TotpSecretRepository {
  private readonly collection: LazyCollection<StoredTotpSecret>;

  constructor(store: DocumentStore) {
    this.collection = new LazyCollection<StoredTotpSecret>(store, 'totpSecrets', [
      { fields: { aadObjectId: 1 }, unique: true },
    ]);
  }

  async init(): Promise<void> {
    await this.collection.get();
  }

  async get(aadObjectId: string): Promise<StoredTotpSecret | null> {
    return (await this.collection.get()).findOne({ aadObjectId });
  }

  async savePending(aadObjectId: string, sealedSecret: string, now: Date, deviceId?: string): Promise<void> {
    const unset: Record<string, true> = { confirmedAt: true, lastAcceptedStep: true };
    if (!deviceId) unset.deviceId = true;
    await (
      await this.collection.get()
    ).findOneAndUpdate(
      { aadObjectId },
      {
        $set: { state: 'pending', sealedSecret, createdAt: now, ...(deviceId ? { deviceId } : {}) },
        $unset: unset,
      },
      { upsert: true },
    );
  }

  async confirm(aadObjectId: string, sealedSecret: string, timeStep: number, now: Date): Promise<boolean> {
    const confirmed = await (
      await this.collection.get()
    ).findOneAndUpdate(
      // A pending secret has no accepted step yet (savePending clears it): the state guard is enough.
      { aadObjectId, state: 'pending', sealedSecret },
      {
        $set: { state: 'confirmed', confirmedAt: now, lastAcceptedStep: timeStep },
        $unset: { sealedSecret: true },
      },
    );
    return confirmed !== null;
  }

  async revokePending(aadObjectId: string): Promise<boolean> {
    return (await (await this.collection.get()).deleteMany({ aadObjectId, state: 'pending' })) > 0;
  }
}
