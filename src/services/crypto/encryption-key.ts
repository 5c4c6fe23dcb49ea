import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import { makePrivateDir } from '../../private-files';
import { SecretBox } from './secret-box';

export const DEV_KEY_FILE = 'dev-encryption.key';

/**
 * The key that seals secrets: config.encryptionKey when set. Outside production, with no key configured,
 * a development key is generated once into DATA_DIR/dev-encryption.key (mode 0600) and reused after that,
 * so secrets stored by one run can be read by the next.
 */
export function resolveEncryptionKey(config: Pick<Config, 'encryptionKey' | 'env' | 'dataDir'>): Buffer {
  if (config.encryptionKey) return config.encryptionKey;
  if (config.env === 'production') {
    throw new AppError('INTERNAL', 'ENCRYPTION_KEY is required in production.', false);
  }
  const file = join(config.dataDir, DEV_KEY_FILE);
  makePrivateDir(config.dataDir);
  try {
    // 'wx' fails when the file exists, so two processes starting together keep the first key.
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new AppError(
      'INTERNAL',
      `${file} is not a 64-character hex key; delete it to generate a new one.`,
      false,
    );
  }
  return Buffer.from(hex, 'hex');
}

export function createSecretBox(
  config: Pick<Config, 'encryptionKey' | 'previousEncryptionKeys' | 'env' | 'dataDir'>,
): SecretBox {
  return new SecretBox(resolveEncryptionKey(config), config.previousEncryptionKeys);
}
