import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { ConversationCaptureMiddleware } from '../../../src/bot/conversation-capture-middleware';
import { setSpeaker } from '../../../src/turn/speaker';
import type { StaffMember } from '../../../src/domain/staff';
import type { ConversationReferenceRepository } from '../../../src/ports/conversation-reference-repository';

const person = { aadObjectId: 'aad-1', upn: 'p@example.org' } as StaffMember;

function setup() {
  const saves: { conversationId?: string; at: Date }[] = [];
  const conversations: ConversationReferenceRepository = {
    save: async (_id, _tenant, reference, now) => {
      saves.push({ conversationId: reference.conversation?.id, at: now });
    },
    saveIfAbsent: async () => false,
    get: async () => null,
    serviceUrlOf: async () => undefined,
    markUnreachable: async () => undefined,
  };
  let now = new Date('2026-11-02T09:00:00Z');
  const clock = { now: () => now };
  const capture = new ConversationCaptureMiddleware({ conversations, clock });
  const adapter = new TestAdapter();
  const turn = async (activity: Partial<Activity>) => {
    const context = new TurnContext(adapter, {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/uk/',
      from: { id: '29:1', name: 'P', aadObjectId: 'aad-1' },
      recipient: { id: '28:bot', name: 'bot' },
      conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' },
      channelData: { tenant: { id: 'tenant-a' } },
      ...activity,
    });
    setSpeaker(context, person);
    await capture.onTurn(context, async () => undefined);
  };
  return { saves, turn, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('conversation reference capture', () => {
  it('when someone keeps chatting in the same conversation, then the reference is written once an hour, not on every message', async () => {
    const { saves, turn, advance } = setup();
    await turn({ type: 'message', text: 'hi' });
    await turn({ type: 'message', text: 'what is mfa' });
    advance(30 * 60 * 1000);
    await turn({ type: 'message', text: 'thanks' });
    expect(saves).toHaveLength(1);
    advance(31 * 60 * 1000);
    await turn({ type: 'message', text: 'one more' });
    expect(saves).toHaveLength(2);
  });

  it('when the conversation changes, then the new reference is saved at once', async () => {
    const { saves, turn } = setup();
    await turn({ type: 'message', text: 'hi' });
    await turn({
      type: 'message',
      text: 'hi again',
      conversation: { id: 'a:2', conversationType: 'personal', isGroup: false, name: '' },
    });
    expect(saves.map((s) => s.conversationId)).toEqual(['a:1', 'a:2']);
  });

  it('when the app is removed and installed again, then the install saves the reference even if nothing changed', async () => {
    const { saves, turn } = setup();
    await turn({ type: 'message', text: 'hi' });
    await turn({ type: 'installationUpdate', action: 'remove' });
    await turn({ type: 'installationUpdate', action: 'add' });
    await turn({ type: 'message', text: 'back' });
    expect(saves).toHaveLength(2);
  });
});
