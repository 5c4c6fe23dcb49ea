import { createHmac } from 'node:crypto';

/**
 * The Graph stub's own TOTP (RFC 6238 over RFC 4226 HOTP), written out so that it checks the bot's codes
 * independently of otplib, which the bot itself uses: a shared bug cannot make both sides agree.
 */

export type TotpHash = 'hmacsha1' | 'hmacsha256';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (case, spaces and padding ignored); undefined when a character is not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226: HMAC over the 8-byte big-endian counter, dynamic truncation, `digits` decimal digits. */
export function hotp(key: Buffer, counter: number, hash: TotpHash = 'hmacsha1', digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(hash === 'hmacsha1' ? 'sha1' : 'sha256', key)
    .update(message)
    .digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export interface TotpParams {
  stepSeconds?: number;
  hash?: TotpHash;
  digits?: number;
}

/** RFC 6238: HOTP with the counter floor(unix time / step). */
export function totp(key: Buffer, atMs: number, params: TotpParams = {}): string {
  const step = params.stepSeconds ?? 30;
  return hotp(key, Math.floor(atMs / 1000 / step), params.hash, params.digits);
}

/** True when `code` is the code of the current step or of the step before or after (clock drift). */
export function verifyTotp(key: Buffer, code: string, atMs: number, params: TotpParams = {}): boolean {
  const stepMs = (params.stepSeconds ?? 30) * 1000;
  return [-1, 0, 1].some((drift) => totp(key, atMs + drift * stepMs, params) === code);
}
