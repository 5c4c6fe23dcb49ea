import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for small secrets at rest (TOTP seeds, pending phone numbers), with key rotation:
 * seals with the current key, opens with the current key or any previous one.
 * Sealed form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts); the key id is a short hash of
 * the key, never the key. `purpose` is bound as associated data so a sealed value cannot be moved
 * to another field or another person.
 */
export class SecretBox {
  private readonly keys: { id: string; key: Buffer }[];

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    for (const k of [currentKey, ...previousKeys]) {
      if (k.length !== 32) throw new AppError('INTERNAL', 'Encryption keys must be 32 bytes.');
    }
    this.keys = [currentKey, ...previousKeys].map((key) => ({ id: keyId(key), key }));
  }

  seal(plaintext: string, purpose: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, id, b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
  }

  open(sealed: string, purpose: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw unreadable();
    const [, id, iv, tag, body] = parts as [string, string, string, string, string];
    const candidates = [...this.keys.filter((k) => k.id === id), ...this.keys.filter((k) => k.id !== id)];
    for (const { key } of candidates) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        // try the next key
      }
    }
    throw unreadable();
  }

  /** True when the value was sealed with an older key and should be re-sealed. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.keys[0].id;
  }
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

function b64(b: Buffer): string {
  return b.toString('base64url');
}

function unreadable(): AppError {
  return new AppError('INTERNAL', 'A stored secret could not be decrypted with any configured key.');
}
