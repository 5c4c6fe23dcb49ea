import { common } from '../../../src/strings';
import { createHarness, message, texts, type Harness } from './support/bot-harness';

describe('identity middleware', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('when a message has no sender, then the person is told politely and nothing crashes', async () => {
    h = await createHarness();
    const { status, activities } = await h.send(message('help', undefined));
    expect(status).toBe(200);
    expect(texts(activities)).toEqual([common.noIdentity]);
    expect(h.logs.at('warn').map((l) => l.msg)).toContain('turn without a sender aadObjectId');
  });

  it('when the sender has no aadObjectId, then it is treated like no sender', async () => {
    h = await createHarness();
    const { activities } = await h.send(message('help', 'x', { from: { id: '29:x', name: 'X' } }));
    expect(texts(activities)).toEqual([common.noIdentity]);
  });

  it('when the tenant is not allowed, then there is no reply and a warning is logged', async () => {
    h = await createHarness({ env: { ALLOWED_TENANT_IDS: 'tenant-b, tenant-c' } });
    await h.addPerson('p1');
    const { status, activities } = await h.send(message('help', 'p1'));
    expect(status).toBe(200);
    expect(activities).toEqual([]);
    const warning = h.logs
      .at('warn')
      .find((l) => l.msg === 'turn from a tenant that is not allowed: ignored');
    expect(warning).toMatchObject({ tenantId: 'tenant-a' });
  });

  it('when the tenant is in the allowed list (from Teams channel data), then the turn goes on', async () => {
    h = await createHarness({ env: { ALLOWED_TENANT_IDS: 'tenant-b' } });
    await h.addPerson('p1');
    const { activities } = await h.send(
      message('help', 'p1', {
        conversation: { id: 'c', conversationType: 'personal', isGroup: false, name: '' },
        channelData: { tenant: { id: 'tenant-b' } },
      }),
    );
    expect(activities.length).toBeGreaterThan(0);
    expect(texts(activities).join()).not.toContain(common.unknownPerson(h.config.helpdeskEmail));
  });

  it('when the person is not in the staff directory, then they get the helpdesk address', async () => {
    h = await createHarness({ env: { HELPDESK_EMAIL: 'it.help@trust.example' } });
    const { activities } = await h.send(message('help', 'stranger'));
    expect(texts(activities)).toEqual([common.unknownPerson('it.help@trust.example')]);
    expect(texts(activities)[0]).toContain('it.help@trust.example');
  });

  it('when a known person writes, then their conversation reference is stored for proactive messages', async () => {
    h = await createHarness();
    await h.addPerson('p1');
    await h.send(message('help', 'p1'));
    const { DocumentConversationReferenceRepository } =
      await import('../../../src/adapters/store/conversation-reference-repository');
    const stored = await new DocumentConversationReferenceRepository(h.store).get('p1');
    expect(stored?.reference.conversation?.id).toBe('personal-p1');
    expect(stored?.tenantId).toBe('tenant-a');
  });
});

describe('identity middleware on Universal Actions', () => {
  it('when someone not in the directory presses an Action.Execute button, then the invoke response carries the helpdesk message', async () => {
    const h = await createHarness();
    try {
      const { status, body } = await h.send({
        ...message('', 'stranger'),
        type: 'invoke',
        name: 'adaptiveCard/action',
        deliveryMode: undefined,
        value: { action: { type: 'Action.Execute', verb: 'anything', data: {} } },
      });
      expect(status).toBe(200);
      expect(body).toEqual({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: common.unknownPerson(h.config.helpdeskEmail),
      });
    } finally {
      await h.close();
    }
  });
});
