import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createDialogContext } from '../../../src/turn/dialog-context';
import { Dialog, DialogSet, type DialogState, type DialogTurnResult } from '../../../src/turn/dialogs-lib';
import type { DialogContext } from '../../../src/turn/dialogs-lib';

/** Counts the turns it has been continued on, in its own dialog state. */
class CountingDialog extends Dialog {
  constructor() {
    super('counting');
  }
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state.turns = 1;
    return Dialog.EndOfTurn;
  }
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state.turns += 1;
    await dc.context.sendActivity(`turn ${String(dc.activeDialog!.state.turns)}`);
    return Dialog.EndOfTurn;
  }
}

function turn(adapter: TestAdapter, text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    channelId: 'msteams',
    text,
    from: { id: '29:x', name: 'X' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: 'conv-1', name: 'c', isGroup: false, conversationType: 'personal' },
  };
  return new TurnContext(adapter, activity);
}

describe('dialog context per turn', () => {
  it('when a later turn builds a dialog context, then it reuses the memory-scope configuration built on an earlier turn', () => {
    const adapter = new TestAdapter();
    const set = new DialogSet();
    const first = createDialogContext(set, turn(adapter, 'one'), { dialogStack: [] });
    const second = createDialogContext(set, turn(adapter, 'two'), { dialogStack: [] });
    expect(first.state.configuration.memoryScopes.length).toBeGreaterThan(0);
    // Same object: botbuilder still reads its configuration from the turn-state key this module sets.
    expect(second.state.configuration).toBe(first.state.configuration);
  });

  it('when the configuration is reused, then each turn still reads its own activity and a dialog carries on across turns', async () => {
    const adapter = new TestAdapter();
    const set = new DialogSet().add(new CountingDialog());
    const state: DialogState = { dialogStack: [] };
    const t1 = turn(adapter, 'start');
    await createDialogContext(set, t1, state).beginDialog('counting');
    const sent: string[] = [];
    for (const text of ['two', 'three']) {
      const t = turn(adapter, text);
      t.onSendActivities(async (_ctx, activities) => {
        sent.push(...activities.map((a) => a.text ?? ''));
        return activities.map(() => ({ id: 'x' }));
      });
      const dc = createDialogContext(set, t, state);
      expect(dc.state.getValue('turn.activity.text')).toBe(text);
      await dc.continueDialog();
    }
    expect(sent).toEqual(['turn 2', 'turn 3']);
  });
});
