import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DevOutboxNotifier } from '../../../src/adapters/notify/dev-outbox-notifier';
import { resolveEncryptionKey } from '../../../src/services/crypto/encryption-key';

const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

/** Every file and directory under `dir` with its permission bits. */
function modesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      out[path.relative(dir, p)] = mode(p);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe('DATA_DIR permissions (embedded store)', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'data-dir-modes-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('when the bot creates DATA_DIR and writes its store, key and outbox, then directories are 0700 and files 0600', async () => {
    const dataDir = path.join(parent, 'data');
    resolveEncryptionKey({ encryptionKey: undefined, env: 'development', dataDir });
    const store = new EmbeddedDocumentStore({ dataDir });
    await store.collection<{ n: number }>('staff').insertOne({ n: 1 });
    await store.collection<{ n: number }>('auditLog').insertOne({ n: 2 });
    await new DevOutboxNotifier(dataDir, { now: () => new Date() }).sendCode({
      channel: 'sms',
      to: '+447700900123',
      code: '123456',
      reference: 'test',
    });
    await store.close();
    expect(mode(dataDir)).toBe('700');
    const modes = modesUnder(dataDir);
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining(['db', 'db/staff.db', 'db/auditLog.db', 'dev-encryption.key', 'outbox/sms.log']),
    );
    for (const [p, m] of Object.entries(modes)) {
      expect([p, m]).toEqual([p, statSync(path.join(dataDir, p)).isDirectory() ? '700' : '600']);
    }
  });

  it('when DATA_DIR and a store file were left world-readable by an older version, then starting tightens them', async () => {
    const dataDir = path.join(parent, 'data');
    mkdirSync(path.join(dataDir, 'db'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, 'db', 'staff.db'), '{"_id":"a","n":1}\n', { mode: 0o644 });
    const store = new EmbeddedDocumentStore({ dataDir });
    expect(await store.collection<{ n: number }>('staff').find({})).toHaveLength(1);
    await store.close();
    expect(mode(dataDir)).toBe('700');
    expect(mode(path.join(dataDir, 'db'))).toBe('700');
    expect(mode(path.join(dataDir, 'db', 'staff.db'))).toBe('600');
  });
});
