import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox, resolveEncryptionKey } from '../../../src/services/crypto/encryption-key';
import { SecretBox } from '../../../src/services/crypto/secret-box';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);

describe('SecretBox (AES-256-GCM at rest)', () => {
  it('when a value is sealed, then the sealed text hides it and opening gives it back', () => {
    const box = new SecretBox(keyA);
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'totp:u1')).not.toBe(sealed); // fresh IV every time
  });

  it('when the key is rotated, then values sealed with the previous key still open and are flagged for re-sealing', () => {
    const old = new SecretBox(keyA).seal('secret', 'p');
    const rotated = new SecretBox(keyB, [keyA]);
    expect(rotated.open(old, 'p')).toBe('secret');
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(rotated.seal('secret', 'p'))).toBe(false);
  });

  it('when the ciphertext is tampered with, moved to another purpose, or the key is unknown, then it does not open', () => {
    const box = new SecretBox(keyA);
    const sealed = box.seal('secret', 'totp:u1');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] = body[0] ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => box.open(parts.join('.'), 'totp:u1')).toThrow('could not be decrypted');
    expect(() => box.open(sealed, 'totp:u2')).toThrow('could not be decrypted');
    expect(() => new SecretBox(keyB).open(sealed, 'totp:u1')).toThrow('could not be decrypted');
  });
});

describe('resolveEncryptionKey', () => {
  it('when a key is configured, then it is used', () => {
    expect(resolveEncryptionKey({ encryptionKey: keyA, env: 'production', dataDir: '/nonexistent' })).toBe(
      keyA,
    );
  });

  it('when no key is configured in production, then start-up fails', () => {
    expect(() => resolveEncryptionKey({ env: 'production', dataDir: '/tmp' })).toThrow(
      'ENCRYPTION_KEY is required',
    );
  });

  it('when no key is configured in development, then a key file is generated once (owner-only) and reused', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devkey-'));
    const first = resolveEncryptionKey({ env: 'development', dataDir });
    const second = resolveEncryptionKey({ env: 'development', dataDir });
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    const file = join(dataDir, 'dev-encryption.key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    expect(statSync(file).mode & 0o077).toBe(0);
    const box = createSecretBox({ env: 'development', dataDir, previousEncryptionKeys: [] });
    expect(new SecretBox(first).open(box.seal('x', 'p'), 'p')).toBe('x');
  });
});
