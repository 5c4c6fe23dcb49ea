import { MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { PersonalChatConversationState, setPreloadedChatState } from '../../../src/bot/personal-chat-state';
import type { StaffMember } from '../../../src/domain/staff';
import type { ChatStateRepository } from '../../../src/ports/chat-state-repository';
import { setSpeaker } from '../../../src/turn/speaker';

/** Chat states by person, counting the requests a store would get. */
class FakeChats implements ChatStateRepository {
  readonly states = new Map<string, string>();
  reads = 0;
  writes = 0;
  findWithChatState(): Promise<null> {
    throw new Error('not used here: the identity middleware reads the person');
  }
  readChatState(id: string): Promise<string | undefined> {
    this.reads++;
    return Promise.resolve(this.states.get(id));
  }
  saveChatState(id: string, state: string): Promise<void> {
    this.writes++;
    this.states.set(id, state);
    return Promise.resolve();
  }
  clearChatState(id: string): Promise<void> {
    this.writes++;
    this.states.delete(id);
    return Promise.resolve();
  }
}

function turnOf(conversationType: 'personal' | 'groupChat', speaker?: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    channelId: 'msteams',
    text: 'hi',
    from: { id: '29:x', name: 'X', aadObjectId: speaker },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: {
      id: `conv-${conversationType}`,
      conversationType,
      isGroup: conversationType !== 'personal',
      name: '',
    },
  };
  const turn = new TurnContext(new TestAdapter(), activity);
  if (speaker) setSpeaker(turn, { aadObjectId: speaker } as StaffMember);
  return turn;
}

describe('personal chat state on the person record', () => {
  let chats: FakeChats;
  let storage: MemoryStorage;
  let state: PersonalChatConversationState;
  beforeEach(() => {
    chats = new FakeChats();
    storage = new MemoryStorage();
    state = new PersonalChatConversationState(storage, chats);
  });

  it('when a personal chat changes its dialog stack, then it is kept with the person and read back next turn', async () => {
    const stack = state.createProperty<{ dialogStack: unknown[] }>('dialogState');
    const first = turnOf('personal', 'aad-1');
    setPreloadedChatState(first, undefined);
    (await stack.get(first, { dialogStack: [] })).dialogStack.push({ id: 'enrolment' });
    await state.saveChanges(first);
    expect(JSON.parse(chats.states.get('aad-1') ?? '{}')).toEqual({
      dialogState: { dialogStack: [{ id: 'enrolment' }] },
    });
    expect(await storage.read(['msteams/conversations/conv-personal/'])).toEqual({});

    const next = turnOf('personal', 'aad-1');
    expect(await stack.get(next)).toEqual({ dialogStack: [{ id: 'enrolment' }] });
    expect(chats.reads).toBe(1);
  });

  it('when the identity middleware read the chat state with the person, then loading it makes no request', async () => {
    chats.states.set('aad-1', JSON.stringify({ dialogState: { dialogStack: [{ id: 'faq' }] } }));
    const turn = turnOf('personal', 'aad-1');
    setPreloadedChatState(turn, chats.states.get('aad-1'));
    expect(await state.load(turn)).toEqual({ dialogState: { dialogStack: [{ id: 'faq' }] } });
    await state.saveChanges(turn);
    expect([chats.reads, chats.writes]).toEqual([0, 0]);
    // A forced reload reads the record again.
    await state.load(turn, true);
    expect(chats.reads).toBe(1);
  });

  it('when a turn changes a value deep inside the active dialog, then that change is saved; a turn changing nothing saves nothing', async () => {
    const saved = JSON.stringify({
      dialogState: { dialogStack: [{ id: 'enrolment', state: { step: 'install' } }] },
    });
    chats.states.set('aad-1', saved);
    const stack = state.createProperty<{ dialogStack: { state: { step: string } }[] }>('dialogState');
    const quiet = turnOf('personal', 'aad-1');
    setPreloadedChatState(quiet, saved);
    await stack.get(quiet);
    await state.saveChanges(quiet);
    expect(chats.writes).toBe(0);

    const moving = turnOf('personal', 'aad-1');
    setPreloadedChatState(moving, saved);
    (await stack.get(moving))!.dialogStack[0].state.step = 'register';
    await state.saveChanges(moving);
    expect(chats.writes).toBe(1);
    expect(chats.states.get('aad-1')).toContain('"step":"register"');
  });

  it('when a turn fails and its state is deleted, then the person has no chat state left', async () => {
    chats.states.set('aad-1', '{"dialogState":{"dialogStack":[{"id":"x"}]}}');
    const turn = turnOf('personal', 'aad-1');
    await state.load(turn);
    await state.delete(turn);
    expect(chats.states.has('aad-1')).toBe(false);
    expect(state.get(turn)).toBeUndefined();
  });

  it('when the state is cleared and saved, then the person keeps an empty state', async () => {
    chats.states.set('aad-1', '{"dialogState":{"dialogStack":[{"id":"x"}]}}');
    const turn = turnOf('personal', 'aad-1');
    await state.load(turn);
    await state.clear(turn);
    await state.saveChanges(turn);
    expect(chats.states.get('aad-1')).toBe('{}');
  });

  it('when a group chat or an unknown sender keeps state, then it goes to the conversation storage, not a person', async () => {
    const counter = state.createProperty<number>('count');
    for (const turn of [turnOf('groupChat', 'aad-1'), turnOf('personal')]) {
      await counter.set(turn, 1);
      await state.saveChanges(turn);
    }
    expect(chats.states.size).toBe(0);
    expect([chats.reads, chats.writes]).toEqual([0, 0]);
    const stored = await storage.read([
      'msteams/conversations/conv-groupChat/',
      'msteams/conversations/conv-personal/',
    ]);
    expect(Object.keys(stored)).toHaveLength(2);
  });
});
