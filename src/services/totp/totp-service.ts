import { generateSecret, generateURI, verifySync } from 'otplib';
import type { Clock } from '../../ports/clock';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** 20 bytes = 160 bits, from otplib's CSPRNG-backed crypto plugin. */
export const TOTP_SECRET_BYTES = 20;

export type TotpCheck = { valid: true; timeStep: number } | { valid: false };

/**
 * RFC 6238 TOTP in the format Microsoft Authenticator reads: SHA-1, 6 digits, 30-second steps.
 * Stateless: replay protection (afterTimeStep) and attempt limits are the caller's job.
 */
export class TotpService {
  constructor(
    private readonly clock: Clock,
    private readonly issuer: string,
  ) {}

  newSecret(): string {
    return generateSecret({ length: TOTP_SECRET_BYTES });
  }

  /** otpauth://totp/<issuer>:<label>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30 */
  uri(secret: string, label: string): string {
    return generateURI({
      issuer: this.issuer,
      label,
      secret,
      algorithm: 'sha1',
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
    });
  }

  /** Accepts one step of clock skew either way; rejects steps at or before `afterTimeStep`. */
  check(secret: string, code: string, afterTimeStep?: number): TotpCheck {
    if (!/^\d{6}$/.test(code)) return { valid: false };
    const result = verifySync({
      secret,
      token: code,
      algorithm: 'sha1',
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: TOTP_PERIOD_SECONDS,
      afterTimeStep,
    });
    return result.valid && 'timeStep' in result
      ? { valid: true, timeStep: result.timeStep }
      : { valid: false };
  }
}

/** "JBSW Y3DP EHPK 3PXP": the manual key in groups of four, as Authenticator's "enter code manually" shows it. */
export function groupInFours(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}
