import type { DocumentStore } from '../../ports/document-store';
import type { OtpLockPolicy } from '../../ports/otp-attempt-repository';
import type {
  PendingTotpSecret,
  StoredTotpSecret,
  TotpCheckReservation,
  TotpSecretRepository,
} from '../../ports/totp-secret-repository';
import type { LazyCollection } from './lazy-collection';
import {
  lockRunning,
  MAX_TRIES,
  otpStateCollection,
  reservation,
  restartExpiredLock,
  SECRET_FIELDS,
  type OtpStateDoc,
} from './otp-state-collection';

/**
 * The authenticator secret in the person's `otpState` document, beside the attempt counter it shares with phone
 * codes (otp-state-collection.ts). A correct code costs two round trips: the attempt taken with the secret read,
 * then the confirmation with the attempts forgotten.
 */
export class StoreTotpSecretRepository implements TotpSecretRepository {
  private readonly collection: LazyCollection<OtpStateDoc>;

  constructor(store: DocumentStore) {
    this.collection = otpStateCollection(store);
  }

  async init(): Promise<void> {
    await this.collection.get();
  }

  async get(aadObjectId: string): Promise<StoredTotpSecret | null> {
    return secretOf(await (await this.collection.get()).findOne({ aadObjectId }));
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
        // Creates the count as 0 on a new document (so the `failures < limit` guard matches it), keeps it otherwise.
        $inc: { failures: 0 },
      },
      { upsert: true },
    );
  }

  async reserveCheck(aadObjectId: string, now: Date, policy: OtpLockPolicy): Promise<TotpCheckReservation> {
    const docs = await this.collection.get();
    let current: OtpStateDoc | null = null;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      // The common case, one round trip: a pending secret below the limit; the attempt is taken, the secret read.
      const taken = await docs.findOneAndUpdate(
        { aadObjectId, state: 'pending', failures: { $lt: policy.maxAttempts } },
        {
          $inc: { failures: 1 },
          $set: { until: new Date(now.getTime() + policy.lockoutMs), updatedAt: now },
        },
      );
      if (taken) return allowed(taken, policy);
      // Uncommon: no secret, a confirmed one (a replayed code costs nothing), a lock, or a lock that has expired,
      // which exactly one caller turns into the first attempt of a fresh count.
      current = await docs.findOne({ aadObjectId });
      if (!current?.state) return { kind: 'no-secret' };
      if (current.state !== 'pending' || !current.sealedSecret) return { kind: 'replayed' };
      if (lockRunning(current, now, policy)) return { kind: 'locked', lockedUntil: current.until };
      const restarted = await restartExpiredLock(docs, aadObjectId, now, policy, { state: 'pending' });
      if (restarted) return allowed(restarted, policy);
      // Changed meanwhile (another caller restarted the count, or a success reset it): try again.
    }
    return { kind: 'locked', lockedUntil: current?.until ?? new Date(now.getTime() + policy.lockoutMs) };
  }

  async confirm(aadObjectId: string, sealedSecret: string, timeStep: number, now: Date): Promise<boolean> {
    const confirmed = await (
      await this.collection.get()
    ).findOneAndUpdate(
      // A pending secret has no accepted step yet (savePending clears it): the state guard is enough.
      { aadObjectId, state: 'pending', sealedSecret },
      {
        $set: {
          state: 'confirmed',
          confirmedAt: now,
          lastAcceptedStep: timeStep,
          failures: 0,
          updatedAt: now,
        },
        $unset: { sealedSecret: true, until: true },
      },
    );
    return confirmed !== null;
  }

  async revokePending(aadObjectId: string): Promise<boolean> {
    // The document stays: the attempt count (shared with phone codes) must outlive the secret.
    const revoked = await (
      await this.collection.get()
    ).findOneAndUpdate(
      { aadObjectId, state: 'pending' },
      { $unset: Object.fromEntries(SECRET_FIELDS.map((f) => [f, true] as const)) },
    );
    return revoked !== null;
  }
}

function secretOf(doc: OtpStateDoc | null): StoredTotpSecret | null {
  if (!doc?.state || !doc.createdAt) return null;
  const { aadObjectId, state, sealedSecret, createdAt, confirmedAt, lastAcceptedStep, deviceId } = doc;
  return {
    aadObjectId,
    state,
    createdAt,
    ...(sealedSecret !== undefined ? { sealedSecret } : {}),
    ...(confirmedAt !== undefined ? { confirmedAt } : {}),
    ...(lastAcceptedStep !== undefined ? { lastAcceptedStep } : {}),
    ...(deviceId !== undefined ? { deviceId } : {}),
  };
}

function allowed(doc: OtpStateDoc, policy: OtpLockPolicy): TotpCheckReservation {
  const secret = secretOf(doc);
  if (secret?.state !== 'pending' || !secret.sealedSecret)
    throw new Error('otpState: a pending secret without its secret');
  const { failures, lockedUntil } = reservation(doc, policy);
  return {
    kind: 'allowed',
    secret: secret as PendingTotpSecret,
    failures,
    ...(lockedUntil ? { lockedUntil } : {}),
  };
}
