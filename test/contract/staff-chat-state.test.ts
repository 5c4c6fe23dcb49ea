import { DocumentStaffRepository } from '../../src/adapters/store/staff-repository';
import type { DirectoryRecord } from '../../src/domain/staff';
import { describeEachStore } from '../support/store-factories';

const NOW = new Date('2026-12-07T09:00:00Z');
const STATE = JSON.stringify({
  dialogState: { dialogStack: [{ id: 'enrolment', state: { 'a.b': 1, $c: 'x' } }] },
});

function person(n: number): DirectoryRecord {
  return {
    aadObjectId: `aad-${n}`,
    upn: `person.${n}@example.nhs.uk`,
    displayName: `Person ${n}`,
    organisation: 'Trust A',
    orgUnit: 'Wards',
    role: 'staff',
    atp: false,
  };
}

/** Personal chat state kept on the person's staff record (ChatStateRepository), issue 23's one-read turn. */
describeEachStore('chat state on the staff record', ({ store }) => {
  let repo: DocumentStaffRepository;
  beforeEach(async () => {
    repo = new DocumentStaffRepository(store());
    await repo.upsertFromDirectory(person(1), NOW);
    await repo.upsertFromDirectory(person(2), NOW);
  });

  it('when a chat state is saved, then the person is read back with it in one read, and no one else has it', async () => {
    await repo.saveChatState('aad-1', STATE);
    const found = await repo.findWithChatState('aad-1');
    expect(found?.chatState).toBe(STATE);
    expect(found?.staff.displayName).toBe('Person 1');
    expect(await repo.readChatState('aad-1')).toBe(STATE);
    expect((await repo.findWithChatState('aad-2'))?.chatState).toBeUndefined();
    expect(await repo.findWithChatState('aad-missing')).toBeNull();
  });

  it('when a chat state is kept, then no staff read hands it out (status, search, reports, exports, updates)', async () => {
    await repo.saveChatState('aad-1', STATE);
    const one = await repo.findByAadObjectId('aad-1');
    const reads = [
      one,
      (await repo.findWithChatState('aad-1'))?.staff,
      await repo.findByUpn('person.1@example.nhs.uk'),
      ...(await repo.search('Person 1', 5)),
      ...(await repo.list({})),
      await repo.update('aad-1', one?.version ?? 0, { lastReminderAt: NOW }, NOW),
    ];
    for await (const s of repo.stream({})) reads.push(s);
    expect(reads.length).toBeGreaterThanOrEqual(7);
    for (const s of reads) expect(s && 'chatState' in s).toBe(false);
  });

  it('when a chat state is saved, then the record version does not move, so a change guarded by the version read before still lands', async () => {
    const before = await repo.findByAadObjectId('aad-1');
    await repo.saveChatState('aad-1', STATE);
    const updated = await repo.update(
      'aad-1',
      before?.version ?? 0,
      { lastReminderAt: NOW },
      NOW,
      before ?? undefined,
    );
    expect(updated.version).toBe((before?.version ?? 0) + 1);
    expect(await repo.readChatState('aad-1')).toBe(STATE);
  });

  it('when the directory changes the person, then their chat state is kept; when it is cleared, it is gone', async () => {
    await repo.saveChatState('aad-1', STATE);
    expect(await repo.upsertFromDirectory({ ...person(1), displayName: 'Person One' }, NOW)).toBe('updated');
    expect(await repo.readChatState('aad-1')).toBe(STATE);
    await repo.clearChatState('aad-1');
    expect(await repo.readChatState('aad-1')).toBeUndefined();
    expect((await repo.findByAadObjectId('aad-1'))?.displayName).toBe('Person One');
  });

  it('when a chat state is saved for someone not in the directory, then nothing is created', async () => {
    await repo.saveChatState('aad-missing', STATE);
    expect(await repo.findByAadObjectId('aad-missing')).toBeNull();
    expect(await repo.count({})).toBe(2);
  });
});
