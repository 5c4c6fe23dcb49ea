import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../errors';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../private-files';

/**
 * One process per data directory: NeDB keeps each collection in memory and rewrites its file on
 * compaction, so a second process (say `npm run import` while `npm start` runs) would lose writes.
 * The lock is a file holding `pid@hostname`; a lock left by a process that is gone, or written on another
 * host name (a container that was replaced), is taken over.
 */
export class DataDirLock {
  private readonly file: string;
  private held = false;

  constructor(dir: string) {
    this.file = path.join(dir, '.lock');
  }

  acquire(): void {
    // DATA_DIR and DATA_DIR/db: 0700 (the store files themselves are 0600, see EmbeddedDocumentStore).
    makePrivateDir(path.dirname(path.dirname(this.file)));
    makePrivateDir(path.dirname(this.file));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(this.file, `${process.pid}@${os.hostname()}`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
        this.held = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const [pidText, host = os.hostname()] = readFileSync(this.file, 'utf8').trim().split('@');
        const owner = Number(pidText);
        const sameHost = host === os.hostname();
        if (sameHost && owner === process.pid) return;
        if (sameHost && isAlive(owner)) {
          throw new AppError(
            'INTERNAL',
            `The data directory ${path.dirname(this.file)} is in use by process ${owner}. ` +
              'Stop it first, or set MONGODB_URL so several processes can share one database.',
          );
        }
        rmSync(this.file, { force: true });
      }
    }
    throw new AppError('INTERNAL', `Could not lock the data directory ${path.dirname(this.file)}.`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    rmSync(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
