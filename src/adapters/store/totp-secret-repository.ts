import type { Collection, DocumentStore } from '../../ports/document-store';
import type { StoredTotpSecret, TotpSecretRepository } from '../../ports/totp-secret-repository';

/** One document per person in `totp_secrets`; confirmation is a single state-guarded update. */
export class StoreTotpSecretRepository implements TotpSecretRepository {
  private readonly docs: Collection<StoredTotpSecret>;

  constructor(store: DocumentStore) {
    this.docs = store.collection<StoredTotpSecret>('totp_secrets');
  }

  async init(): Promise<void> {
    await this.docs.ensureIndexes([{ fields: { aadObjectId: 1 }, unique: true }]);
  }

  get(aadObjectId: string): Promise<StoredTotpSecret | null> {
    return this.docs.findOne({ aadObjectId });
  }

  async savePending(aadObjectId: string, sealedSecret: string, now: Date): Promise<void> {
    await this.docs.findOneAndUpdate(
      { aadObjectId },
      {
        $set: { state: 'pending', sealedSecret, createdAt: now },
        $unset: { confirmedAt: true, lastAcceptedStep: true },
      },
      { upsert: true },
    );
  }

  async confirm(aadObjectId: string, sealedSecret: string, timeStep: number, now: Date): Promise<boolean> {
    const confirmed = await this.docs.findOneAndUpdate(
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
    return (await this.docs.deleteMany({ aadObjectId, state: 'pending' })) > 0;
  }
}
