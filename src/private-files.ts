import { chmodSync, mkdirSync } from 'node:fs';

/** Directories under DATA_DIR (and DATA_DIR itself when the bot creates it): only the bot's user may enter. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files the bot writes there (store files, the lock, the development key and outbox): owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) as 0700, and tightens it to 0700 when it already exists with wider
 * permissions. A directory the bot may not chmod (a mount point owned by someone else) is left as it is.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
  }
}
