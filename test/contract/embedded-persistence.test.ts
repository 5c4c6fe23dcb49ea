import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../../src/adapters/embedded/embedded-document-store';
import { DocumentAuditLog } from '../../src/adapters/store/audit-log';
import { DocumentBotStorage } from '../../src/adapters/store/document-bot-storage';
import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import { DuplicateKeyError, StoreUnavailableError } from '../../src/errors';

const NOW = new Date('2026-11-23T09:00:00Z');

describe('EmbeddedDocumentStore on disk', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-persist-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the store is closed and reopened on the same DATA_DIR, then people, audit and bot state are still there', async () => {
    const first = new EmbeddedDocumentStore({ dataDir });
    const staff = new DocumentStaffRepository(first);
    await staff.upsertFromDirectory(
      {
        aadObjectId: 'aad-1',
        upn: 'jane@x.uk',
        displayName: 'Jane',
        organisation: 'A',
        orgUnit: 'U',
        role: 'staff',
        atp: false,
      },
      NOW,
    );
    await staff.update('aad-1', 1, { methods: ['SoftwareOTP'], registeredAt: NOW }, NOW);
    await new DocumentAuditLog(first).append({
      at: NOW,
      actor: 'system',
      action: 'enrolment.verified',
      target: 'aad-1',
      outcome: 'success',
    });
    await new DocumentBotStorage(first).write({ 'msteams/conv.1/users/29:1': { step: 3 } });
    await first.close();
    expect(readdirSync(path.join(dataDir, 'db')).sort()).toEqual(['auditLog.db', 'botState.db', 'staff.db']);

    const second = new EmbeddedDocumentStore({ dataDir });
    const again = new DocumentStaffRepository(second);
    const jane = await again.findByUpn('JANE@x.uk');
    expect(jane).toMatchObject({ version: 2, methods: ['SoftwareOTP'], registeredAt: NOW });
    expect(jane?.createdAt).toBeInstanceOf(Date);
    expect(await new DocumentAuditLog(second).listForTarget('aad-1', 5)).toHaveLength(1);
    expect(
      (await new DocumentBotStorage(second).read(['msteams/conv.1/users/29:1']))['msteams/conv.1/users/29:1'],
    ).toMatchObject({
      step: 3,
    });
    // The unique index came back with the data.
    await expect(
      again.upsertFromDirectory(
        {
          aadObjectId: 'aad-2',
          upn: 'jane@x.uk',
          displayName: 'Other',
          organisation: 'A',
          orgUnit: 'U',
          role: 'staff',
          atp: false,
        },
        NOW,
      ),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
    await second.close();
  });

  it('when the store is closed, then ping and further operations fail as unavailable', async () => {
    const store = new EmbeddedDocumentStore({ dataDir });
    const things = store.collection<{ a: number }>('things');
    await things.insertOne({ a: 1 });
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(things.find({})).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('when asked for neither a directory nor memory, then it refuses to guess', () => {
    expect(() => new EmbeddedDocumentStore({})).toThrow(/dataDir/);
    expect(() => new EmbeddedDocumentStore({ inMemory: true }).collection('../etc')).toThrow(
      /collection name/,
    );
  });
});

describe('EmbeddedDocumentStore data directory lock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-lock-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when another live process holds DATA_DIR, then opening it is refused with a clear message', () => {
    mkdirSync(path.join(dataDir, 'db'), { recursive: true });
    // The parent of this test process is alive for sure.
    writeFileSync(path.join(dataDir, 'db', '.lock'), `${process.ppid}@${os.hostname()}`);
    expect(() => new EmbeddedDocumentStore({ dataDir })).toThrow(/in use by process \d+.*MONGODB_URL/);
  });

  it('when the lock names another host (a replaced container), then it is taken over', async () => {
    mkdirSync(path.join(dataDir, 'db'), { recursive: true });
    writeFileSync(path.join(dataDir, 'db', '.lock'), `${process.ppid}@old-container-1234`);
    const store = new EmbeddedDocumentStore({ dataDir });
    expect(readFileSync(path.join(dataDir, 'db', '.lock'), 'utf8')).toBe(`${process.pid}@${os.hostname()}`);
    await store.close();
  });

  it('when the lock was left by a process that is gone, then it is taken over, and released on close', async () => {
    mkdirSync(path.join(dataDir, 'db'), { recursive: true });
    writeFileSync(path.join(dataDir, 'db', '.lock'), '999999999');
    const store = new EmbeddedDocumentStore({ dataDir });
    expect(readFileSync(path.join(dataDir, 'db', '.lock'), 'utf8')).toBe(`${process.pid}@${os.hostname()}`);
    await store.close();
    expect(existsSync(path.join(dataDir, 'db', '.lock'))).toBe(false);
  });
});

describe('EmbeddedDocumentStore after close', () => {
  it('when a collection is first used after close, then it fails as unavailable and leaves no timer behind', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-late-'));
    try {
      const store = new EmbeddedDocumentStore({ dataDir, compactionIntervalMs: 5_000 });
      await store.close();
      const late = store.collection<{ a: number }>('late');
      // The store's only timer is NeDB's compaction interval: count the ones started (other suites' timers
      // in this process, such as the MongoDB driver's, must not count).
      const started = jest.spyOn(global, 'setInterval');
      try {
        await expect(late.count({})).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(started).not.toHaveBeenCalled();
      } finally {
        started.mockRestore();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
