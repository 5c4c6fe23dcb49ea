import type { PhoneChannel } from '../domain/enrolment';

/** A one-time code sent by SMS or voice. The code is stored only as a salted HMAC, the number sealed. */
export interface StoredPhoneCode {
  aadObjectId: string;
  state: 'pending' | 'used';
  channel: PhoneChannel;
  sealedPhone: string;
  codeHash: string;
  expiresAt: Date;
  lastSentAt: Date;
  /** Start of the current one-hour send window and how many codes were sent in it. */
  windowStart: Date;
  windowCount: number;
}

export interface SendLimits {
  minIntervalMs: number;
  windowMs: number;
  maxPerWindow: number;
}

export type IssueOutcome = { ok: true } | { ok: false; reason: 'too-soon' | 'window-full'; retryAt: Date };

export interface PhoneCodeRepository {
  get(aadObjectId: string): Promise<StoredPhoneCode | null>;
  /** Stores a new code when the send limits allow it (atomically, guarded by the last send time). */
  issue(
    aadObjectId: string,
    code: Pick<StoredPhoneCode, 'channel' | 'sealedPhone' | 'codeHash' | 'expiresAt'>,
    now: Date,
    limits: SendLimits,
  ): Promise<IssueOutcome>;
  /** Marks the code with this hash used: true for exactly one caller while it is pending and unexpired. */
  consume(aadObjectId: string, codeHash: string, now: Date): Promise<boolean>;
  /** Invalidates a pending code (too many wrong tries, restart). */
  invalidate(aadObjectId: string): Promise<void>;
}
