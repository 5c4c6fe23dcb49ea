import { DocumentConversationReferenceRepository } from '../../src/adapters/store/conversation-reference-repository';
import { DocumentOutboxRepository } from '../../src/adapters/store/outbox-repository';
import { DocumentTeamsInstallRepository } from '../../src/adapters/store/teams-install-repository';
import { describeEachStore } from '../support/store-factories';

const T0 = new Date('2026-11-23T09:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const ref = (conversation: string, serviceUrl: string) => ({
  serviceUrl,
  channelId: 'msteams',
  conversation: { id: conversation, conversationType: 'personal', isGroup: false, name: '' },
});

describeEachStore('proactive install: conversations built by the bot', ({ store }) => {
  it('when Teams stored a conversation first, then the one built from the install is not saved; the tenant serviceUrl comes from conversations Teams sent', async () => {
    const refs = new DocumentConversationReferenceRepository(store());
    await refs.save('p1', 't1', ref('a:teams', 'https://smba.example/emea/'), T0);
    expect(await refs.saveIfAbsent('p1', 't1', ref('19:chat', 'https://default/'), T0)).toBe(false);
    expect((await refs.get('p1'))?.reference.conversation?.id).toBe('a:teams');
    expect(await refs.saveIfAbsent('p2', 't1', ref('19:chat2', 'https://default/'), later(1))).toBe(true);
    expect(await refs.serviceUrlOf('t1')).toBe('https://smba.example/emea/');
    expect(await refs.serviceUrlOf('other')).toBeUndefined();
  });
});

describeEachStore('TeamsInstallRepository', ({ store }) => {
  it('when an install is begun, then nobody else may begin one until it finishes or goes stale; attempts are counted', async () => {
    const installs = new DocumentTeamsInstallRepository(store());
    expect(await installs.begin('p1', T0, 60_000)).toBe(true);
    expect(await installs.begin('p1', later(1_000), 60_000)).toBe(false);
    expect(await installs.begin('p1', later(61_000), 60_000)).toBe(true);
    await installs.finish('p1', 'installed', later(62_000), { chatId: '19:chat' });
    expect(await installs.get('p1')).toMatchObject({ state: 'installed', chatId: '19:chat', attempts: 2 });
    expect(await installs.begin('p1', later(63_000), 60_000)).toBe(true);
    expect((await installs.get('p1'))?.attempts).toBe(3);
    await installs.finish('p2', 'not-on-teams', T0, { reason: 'no Teams licence or mailbox' });
    expect(await installs.get('p2')).toMatchObject({ state: 'not-on-teams', attempts: 0 });
  });
});

describeEachStore('OutboxRepository.requeueUnreached', ({ store }) => {
  it('when a reminder is resent, then only its Teams records that did not reach the person are pending again', async () => {
    const outbox = new DocumentOutboxRepository(store());
    const base = { campaignId: 'c1', organisation: 'A', reminder: 'd7', dueAt: T0 };
    const finish = async (
      id: string,
      state: 'sent' | 'unreachable' | 'no-reference' | 'failed',
      channel?: 'email',
    ) => {
      await outbox.enqueue({ ...base, aadObjectId: id, ...(channel ? { channel } : {}) }, T0);
      const key = `c1:${id}:d7${channel ? ':email' : ''}`;
      await outbox.claim(key, 'w', T0, 60_000);
      await outbox.complete(key, 'w', state, T0);
    };
    await finish('got-it', 'sent');
    await finish('blocked', 'unreachable');
    await finish('never', 'no-reference');
    await finish('flaky', 'failed');
    await finish('blocked', 'sent', 'email');
    expect(await outbox.requeueUnreached('c1', 'd7', later(1))).toBe(3);
    const states = new Map<string, string>();
    for await (const r of outbox.stream('c1')) states.set(r.key, r.state);
    expect(Object.fromEntries(states)).toEqual({
      'c1:got-it:d7': 'sent',
      'c1:blocked:d7': 'pending',
      'c1:never:d7': 'pending',
      'c1:flaky:d7': 'pending',
      'c1:blocked:d7:email': 'sent',
    });
    expect((await outbox.findClaimable(['c1'], later(2), 10)).map((r) => r.aadObjectId).sort()).toEqual([
      'blocked',
      'flaky',
      'never',
    ]);
  });
});
