import { ConversationState, type Storage, type TurnContext } from 'botbuilder';
import type { ChatStateRepository } from '../ports/chat-state-repository';
import { findSpeaker } from '../turn/speaker';
import { isPersonalChat } from './conversation-kind';

type State = Record<string, unknown>;

interface Cached {
  state: State;
  /**
   * The state as the record holds it (the JSON text saved last; '{}' for none), or undefined when it must be
   * written whatever it holds (after `clear`). A save compares the state's JSON with it: botbuilder's change
   * hash stringified and SHA-256-hashed the state twice a turn, at load and at save.
   */
  saved: string | undefined;
}

/** The state as saved: JSON, without botbuilder's eTag. */
function savedForm({ eTag: _eTag, ...rest }: State): string {
  return JSON.stringify(rest);
}

const CACHE = Symbol('mfa.personalChatState');
const PRELOADED = Symbol('mfa.preloadedChatState');

/**
 * What the identity middleware read with the person (their chat state, or undefined when none is kept), so
 * the turn's first use of the conversation state costs no request. Used once: a forced reload reads again.
 */
export function setPreloadedChatState(turn: TurnContext, chatState: string | undefined): void {
  turn.turnState.set(PRELOADED, { chatState });
}

function takePreloaded(turn: TurnContext): { chatState?: string } | undefined {
  const found = turn.turnState.get<{ chatState?: string } | undefined>(PRELOADED);
  turn.turnState.delete(PRELOADED);
  return found;
}

/** The speaker's aadObjectId when the turn is their personal chat with the bot; else undefined. */
function personalSpeaker(turn: TurnContext): string | undefined {
  if (!isPersonalChat(turn.activity)) return undefined;
  return findSpeaker(turn)?.aadObjectId;
}

/**
 * ConversationState (the dialog stack) that keeps a personal chat's state on the speaker's staff record
 * (ChatStateRepository), which the identity middleware reads for the turn anyway: a turn makes no request of
 * its own for it, and a dialog's last write goes to the record. Other conversations (group chats, channels,
 * a turn before its speaker is known) keep theirs in `storage` as botbuilder's ConversationState does.
 *
 * Same contract as BotState: load once per turn (cached on the turn), save only when the state changed,
 * last writer wins (botbuilder saves conversation state with eTag '*').
 */
export class PersonalChatConversationState extends ConversationState {
  constructor(
    storage: Storage,
    private readonly chats: ChatStateRepository,
  ) {
    super(storage);
  }

  override async load(turn: TurnContext, force = false): Promise<State> {
    const who = personalSpeaker(turn);
    if (!who) return (await super.load(turn, force)) as State;
    const cached = turn.turnState.get<Cached | undefined>(CACHE);
    if (cached && !force) return cached.state;
    const preloaded = takePreloaded(turn);
    const text = preloaded && !force ? preloaded.chatState : await this.chats.readChatState(who);
    const state = text ? (JSON.parse(text) as State) : {};
    turn.turnState.set(CACHE, { state, saved: text || '{}' });
    return state;
  }

  override async saveChanges(turn: TurnContext, force = false): Promise<void> {
    const who = personalSpeaker(turn);
    if (!who) return super.saveChanges(turn, force);
    const cached =
      turn.turnState.get<Cached | undefined>(CACHE) ?? (force ? { state: {}, saved: undefined } : undefined);
    if (!cached) return;
    const text = savedForm(cached.state);
    if (!force && text === cached.saved) return;
    await this.chats.saveChatState(who, text);
    turn.turnState.set(CACHE, { state: cached.state, saved: text });
  }

  override clear(turn: TurnContext): Promise<void> {
    if (!personalSpeaker(turn)) return super.clear(turn);
    turn.turnState.set(CACHE, { state: {}, saved: undefined });
    return Promise.resolve();
  }

  override async delete(turn: TurnContext): Promise<void> {
    const who = personalSpeaker(turn);
    if (!who) return super.delete(turn);
    turn.turnState.delete(CACHE);
    await this.chats.clearChatState(who);
  }

  override get(turn: TurnContext): State | undefined {
    if (!personalSpeaker(turn)) return super.get(turn) as State | undefined;
    return turn.turnState.get<Cached | undefined>(CACHE)?.state;
  }
}
