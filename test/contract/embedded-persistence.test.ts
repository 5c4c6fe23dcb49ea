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

  it('when a data directory from before shared-key indexes is reopened, those indexes are gone and status, exception and organisation queries answer as before', async () => {
    const first = new EmbeddedDocumentStore({ dataDir });
    const staff = new DocumentStaffRepository(first);
    for (const [id, org] of [
      ['aad-1', 'A'],
      ['aad-2', 'A'],
      ['aad-3', 'B'],
    ] as const)
      await staff.upsertFromDirectory(
        {
          aadObjectId: id,
          upn: `${id}@x.uk`,
          displayName: id,
          organisation: org,
          orgUnit: 'U',
          role: 'staff',
          atp: false,
        },
        NOW,
      );
    const later = new Date(NOW.getTime() + 86_400_000);
    await staff.update(
      'aad-2',
      1,
      { exception: { kind: '24h', grantedAt: NOW, expiresAt: later, reason: 'r', grantedBy: 'aad-9' } },
      NOW,
    );
    await staff.update('aad-3', 1, { methods: ['SoftwareOTP'], registeredAt: NOW }, NOW);
    await first.close();
    // What the datafile said before: indexes whose one key most people share (a status, no exception).
    const file = path.join(dataDir, 'db', 'staff.db');
    const old = (fieldName: string) =>
      JSON.stringify({ $$indexCreated: { fieldName, unique: false, sparse: false } });
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}${old('mfaStatus')}\n${old('exception.expiresAt')}\n${old('organisationCode')}\n`,
    );

    const second = new EmbeddedDocumentStore({ dataDir });
    const again = new DocumentStaffRepository(second);
    const ids = (list: { aadObjectId: string }[]) => list.map((s) => s.aadObjectId).sort();
    expect(ids(await again.list({ exceptionExpiresBy: later }))).toEqual(['aad-2']);
    const statuses = [...new Set((await again.list({})).map((s) => s.mfaStatus))];
    for (const status of statuses)
      expect(ids(await again.list({ statuses: [status] }))).toEqual(
        ids((await again.list({})).filter((s) => s.mfaStatus === status)),
      );
    expect(ids(await again.list({ organisations: ['A'] }))).toEqual(['aad-1', 'aad-2']);
    await again.saveChatState('aad-1', '{"step":2}');
    expect(await again.readChatState('aad-1')).toBe('{"step":2}');
    await second.close();

    const indexes = new Map<string, { unique: boolean; sparse: boolean }>();
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const parsed = JSON.parse(line) as {
        $$indexCreated?: { fieldName: string; unique: boolean; sparse: boolean };
      };
      if (parsed.$$indexCreated) indexes.set(parsed.$$indexCreated.fieldName, parsed.$$indexCreated);
    }
    expect([...indexes.keys()].sort()).toEqual(['aadObjectId', 'orgUnit,organisation', 'upn']);
    expect(indexes.get('aadObjectId')).toMatchObject({ unique: true });
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
