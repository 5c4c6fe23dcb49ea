import { DocumentAuditLog } from '../../src/adapters/store/audit-log';
import { DocumentConversationReferenceRepository } from '../../src/adapters/store/conversation-reference-repository';
import type { AuditRecord } from '../../src/ports/audit-log';
import { describeEachStore } from '../support/store-factories';

const T0 = new Date('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function entry(minutes: number, extra: Partial<AuditRecord> = {}): Omit<AuditRecord, 'id'> {
  return {
    at: at(minutes),
    actor: 'aad-admin',
    action: 'mfa.enable',
    target: 'aad-1',
    outcome: 'success',
    ...extra,
  };
}

describeEachStore('AuditLog', ({ store }) => {
  let log: DocumentAuditLog;
  beforeEach(() => {
    log = new DocumentAuditLog(store());
  });

  it('when records are appended, then each gets a unique id and reads back exactly as written', async () => {
    const a = await log.append(
      entry(0, { before: { mfa: { enabled: false } }, after: { mfa: { enabled: true } }, reason: 'asked' }),
    );
    const b = await log.append(entry(1));
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
    const [newest, oldest] = await log.listForTarget('aad-1', 10);
    expect(newest).toEqual(b);
    expect(oldest).toEqual(a);
    expect(oldest?.at).toBeInstanceOf(Date);
  });

  it('when listing by target or action, then only those come back, newest first, at most limit', async () => {
    await log.append(entry(0));
    await log.append(entry(5, { target: 'aad-2' }));
    await log.append(entry(2, { action: 'exception.grant' }));
    await log.append(entry(3));
    expect((await log.listForTarget('aad-1', 10)).map((r) => r.at)).toEqual([at(3), at(2), at(0)]);
    expect((await log.listForTarget('aad-1', 2)).map((r) => r.at)).toEqual([at(3), at(2)]);
    expect((await log.listByAction('exception.grant', 10)).map((r) => r.at)).toEqual([at(2)]);
    expect(await log.listByAction('nothing.like.this', 10)).toEqual([]);
  });

  it('when several records share a time, then the later append is listed first', async () => {
    const first = await log.append(entry(0, { reason: 'first' }));
    const second = await log.append(entry(0, { reason: 'second' }));
    expect((await log.listForTarget('aad-1', 10)).map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('when a record carries an operator-like key, then it is refused before reaching the store', async () => {
    await expect(log.append(entry(0, { after: { $set: { x: 1 } } }))).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(await log.listForTarget('aad-1', 10)).toEqual([]);
  });
});

describeEachStore('ConversationReferenceRepository', ({ store }) => {
  let refs: DocumentConversationReferenceRepository;
  const reference = {
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    channelId: 'msteams',
    conversation: { id: 'a:1xYz.Q-9', conversationType: 'personal', isGroup: false, name: 'chat' },
    user: { id: '29:1abc', name: 'Jane', aadObjectId: 'aad-1' },
    bot: { id: '28:bot', name: 'MFA bot' },
  };
  beforeEach(() => {
    refs = new DocumentConversationReferenceRepository(store());
  });

  it('when a reference is saved twice, then the latest replaces it and unreachable is cleared', async () => {
    await refs.save('aad-1', 'tenant-1', reference, T0);
    await refs.markUnreachable('aad-1', at(1));
    expect((await refs.get('aad-1'))?.unreachableSince).toEqual(at(1));
    const moved = { ...reference, serviceUrl: 'https://smba.trafficmanager.net/emea/' };
    await refs.save('aad-1', 'tenant-1', moved, at(2));
    expect(await refs.get('aad-1')).toEqual({
      aadObjectId: 'aad-1',
      tenantId: 'tenant-1',
      reference: moved,
      updatedAt: at(2),
    });
  });

  it('when marked unreachable twice, then the first time is kept', async () => {
    await refs.save('aad-1', undefined, reference, T0);
    await refs.markUnreachable('aad-1', at(1));
    await refs.markUnreachable('aad-1', at(9));
    const stored = await refs.get('aad-1');
    expect(stored?.unreachableSince).toEqual(at(1));
    expect(stored).not.toHaveProperty('tenantId');
  });

  it('when nobody is stored under an id, then get returns null and marking does nothing', async () => {
    await refs.markUnreachable('aad-404', T0);
    expect(await refs.get('aad-404')).toBeNull();
    expect(await refs.get({ $ne: '' } as unknown as string)).toBeNull();
  });
});
