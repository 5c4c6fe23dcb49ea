import { z } from 'zod';
import * as stateManager from 'botbuilder-dialogs/lib/memory/dialogStateManager';
import { Dialog, WaterfallDialog } from 'botbuilder-dialogs';
import { defineCardAction, type Feature } from '../../../src/bot/feature';
import { common } from '../../../src/strings';
import { turnText } from '../../../src/turn/speaker';
import { createHarness, message, texts, type Harness } from './support/bot-harness';

/** A feature that records which route handled each turn. */
function recordingFeature(calls: string[]): Feature {
  const dialog = new WaterfallDialog('probe.dialog', [
    async () => {
      calls.push('dialog:begin');
      return Dialog.EndOfTurn;
    },
    async (step) => {
      calls.push(`dialog:continue:${turnText(step.context)}`);
      return step.endDialog();
    },
  ]);
  return {
    name: 'probe',
    dialogs: [dialog],
    commands: [
      {
        id: 'probe.status',
        phrases: ['status'],
        usage: 'status',
        description: 'Show status',
        audience: 'staff',
        run: async (req, args) => {
          calls.push(`command:status:${args}`);
          await req.turn.sendActivity('status shown');
        },
      },
      {
        id: 'probe.start',
        phrases: ['start probe'],
        usage: 'start probe',
        description: 'Start the probe dialog',
        audience: 'staff',
        run: async (req) => {
          await req.dialogs.beginDialog('probe.dialog');
        },
      },
      {
        id: 'probe.admin',
        phrases: ['grant'],
        usage: 'grant <upn>',
        description: 'Admin only',
        audience: 'admin',
        allowedRoles: ['localAdmin', 'globalAdmin'],
        run: async () => {
          calls.push('command:grant');
        },
      },
      {
        id: 'probe.channel',
        phrases: ['ping'],
        usage: 'ping',
        description: 'Works anywhere',
        audience: 'staff',
        allowInGroupChat: true,
        run: async (req) => {
          calls.push('command:ping');
          await req.turn.sendActivity('pong');
        },
      },
    ],
    actions: [
      defineCardAction({
        action: 'probe.press',
        schema: z.object({ action: z.literal('probe.press'), n: z.number() }),
        run: async (req, data) => {
          calls.push(`action:${data.n}`);
          return {
            card: {
              type: 'AdaptiveCard',
              version: '1.5',
              body: [{ type: 'TextBlock', text: `pressed ${data.n} by ${req.staff.upn}` }],
            },
          };
        },
      }),
      defineCardAction({
        action: 'probe.tell',
        schema: z.object({ action: z.literal('probe.tell') }),
        run: async () => {
          calls.push('action:tell');
          return { message: 'told beside the card' };
        },
      }),
    ],
    answerFreeText: async (req) => {
      if (!req.text.toLowerCase().includes('authenticator')) return false;
      calls.push('faq');
      await req.turn.sendActivity('faq answer');
      return true;
    },
  };
}

describe('TurnRouter order', () => {
  let h: Harness;
  let calls: string[];

  beforeEach(async () => {
    calls = [];
    h = await createHarness({ features: () => [recordingFeature(calls)] });
    await h.addPerson('p1');
    await h.addPerson('admin1', 'localAdmin');
    await h.send(message('hello', 'p1')); // the welcome, out of the way
    await h.send(message('hello', 'admin1'));
  });
  afterEach(() => h.close());

  it('when a card is submitted while a dialog is active, then the card action wins over the dialog and commands', async () => {
    await h.send(message('start probe', 'p1'));
    await h.send(message('status', 'p1', { value: { action: 'probe.press', n: 7 } }));
    expect(calls).toEqual(['dialog:begin', 'action:7']);
  });

  it('when a dialog is active, then the text continues it even if it looks like a command', async () => {
    await h.send(message('start probe', 'p1'));
    await h.send(message('status', 'p1'));
    await h.send(message('status now', 'p1'));
    expect(calls).toEqual(['dialog:begin', 'dialog:continue:status', 'command:status:now']);
  });

  it('when the text starts with a command phrase, then the command runs with the rest as arguments', async () => {
    const { activities } = await h.send(message('<at>MFA bot</at> Status  for me', 'p1'));
    expect(calls).toEqual(['command:status:for me']);
    expect(texts(activities)).toEqual(['status shown']);
  });

  it('when no command matches, then free-text answerers get the text', async () => {
    const { activities } = await h.send(message('statuses of the Authenticator app', 'p1'));
    expect(calls).toEqual(['faq']);
    expect(texts(activities)).toEqual(['faq answer']);
  });

  it('when no dialog is active, then free text is answered without building the dialog context; an active one still continues', async () => {
    const Original = stateManager.DialogStateManager;
    const built = jest
      .spyOn(stateManager, 'DialogStateManager')
      .mockImplementation(
        (...args: unknown[]) => Reflect.construct(Original, args) as stateManager.DialogStateManager,
      );
    try {
      await h.send(message('statuses of the Authenticator app', 'p1'));
      expect(built).not.toHaveBeenCalled();
      await h.send(message('start probe', 'p1'));
      await h.send(message('status', 'p1'));
      expect(calls).toEqual(['faq', 'dialog:begin', 'dialog:continue:status']);
      expect(built).toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });

  it('when nothing understands the text, then the help card is the answer', async () => {
    const { activities } = await h.send(message('blah blah', 'p1'));
    expect(calls).toEqual([]);
    expect(activities).toHaveLength(1);
    expect(activities[0]?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(activities[0]?.attachments)).toContain(common.help.title);
  });

  it('when a card button carries bad data, then it is refused politely and the action does not run', async () => {
    const { activities } = await h.send(message('', 'p1', { value: { action: 'probe.press', n: 'DROP' } }));
    expect(calls).toEqual([]);
    expect(texts(activities)[0]).toMatch(/didn't look right/);
  });

  it('when a submitted card action answers with a sentence, then the sentence is shown in the chat', async () => {
    const { activities } = await h.send(message('', 'p1', { value: { action: 'probe.tell' } }));
    expect(calls).toEqual(['action:tell']);
    expect(texts(activities)).toEqual(['told beside the card']);
  });

  it('when a card names an action nobody registered, then the person hears the button no longer works', async () => {
    const { activities } = await h.send(message('', 'p1', { value: { action: 'gone.away' } }));
    expect(texts(activities)).toEqual([common.unknownAction]);
  });

  it('when a command button is pressed, then the command runs exactly as if it had been typed', async () => {
    const button = { value: { action: 'command.run', command: 'Status  for me' } };
    const { activities } = await h.send(message('', 'p1', button));
    expect(calls).toEqual(['command:status:for me']);
    expect(texts(activities)).toEqual(['status shown']);
  });

  it('when a command button is pressed during a dialog, then the dialog reads its command as typed text', async () => {
    await h.send(message('start probe', 'p1'));
    await h.send(message('', 'p1', { value: { action: 'command.run', command: 'status' } }));
    expect(calls).toEqual(['dialog:begin', 'dialog:continue:status']);
  });

  it('when a command button names an admin command, then the role check still refuses a staff member', async () => {
    const { activities } = await h.send(
      message('', 'p1', { value: { action: 'command.run', command: 'grant x' } }),
    );
    expect(calls).toEqual([]);
    expect(texts(activities)).toEqual([common.notAllowed]);
  });

  it('when a command button carries no command, then nothing runs and the person hears the button no longer works', async () => {
    const { activities } = await h.send(
      message('', 'p1', { value: { action: 'command.run', command: { $gt: '' } } }),
    );
    expect(calls).toEqual([]);
    expect(texts(activities)).toEqual([common.unknownAction]);
  });

  it('when a staff member runs an admin command, then it is refused and does not run', async () => {
    const { activities } = await h.send(message('grant someone', 'p1'));
    expect(calls).toEqual([]);
    expect(texts(activities)).toEqual([common.notAllowed]);
    await h.send(message('grant someone', 'admin1'));
    expect(calls).toEqual(['command:grant']);
  });

  it('when a personal command is used in a group chat, then the bot asks for a private message', async () => {
    const group = {
      conversation: {
        id: 'g1',
        conversationType: 'groupChat',
        isGroup: true,
        tenantId: 'tenant-a',
        name: 'g',
      },
    };
    const refused = await h.send(message('status', 'p1', group));
    expect(texts(refused.activities)).toEqual([common.groupChatOnly]);
    const allowed = await h.send(message('ping', 'p1', group));
    expect(texts(allowed.activities)).toEqual(['pong']);
    expect(calls).toEqual(['command:ping']);
  });

  it('when someone @mentions the bot with a question in a group chat, then only a group-safe feature answers there', async () => {
    const group = {
      conversation: {
        id: 'g2',
        conversationType: 'groupChat',
        isGroup: true,
        tenantId: 'tenant-a',
        name: 'g',
      },
    };
    // The probe feature is not marked answersInGroupChat: the group is asked to message privately.
    const refused = await h.send(message('<at>MFA bot</at> is the Authenticator app safe?', 'p1', group));
    expect(texts(refused.activities)).toEqual([common.groupChatOnly]);
    expect(calls).toEqual([]);

    const groupCalls: string[] = [];
    const g = await createHarness({
      features: () => [{ ...recordingFeature(groupCalls), answersInGroupChat: true }],
    });
    try {
      await g.addPerson('p1');
      const answered = await g.send(message('<at>MFA bot</at> is the Authenticator app safe?', 'p1', group));
      expect(texts(answered.activities)).toEqual(['faq answer']);
      expect(groupCalls).toEqual(['faq']);
      // Text that is no question for it still gets "message me privately", never a private flow.
      const other = await g.send(message('<at>MFA bot</at> 123456', 'p1', group));
      expect(texts(other.activities)).toEqual([common.groupChatOnly]);
    } finally {
      await g.close();
    }
  });

  it('when a Universal Action is invoked, then the refreshed card comes back as the invoke response', async () => {
    const { status, body } = await h.send({
      ...message('', 'p1'),
      type: 'invoke',
      name: 'adaptiveCard/action',
      deliveryMode: undefined,
      value: {
        action: { type: 'Action.Execute', verb: 'probe.press', data: { action: 'probe.press', n: 3 } },
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { body: [{ text: 'pressed 3 by p1@example.org' }] },
    });
    expect(calls).toEqual(['action:3']);
  });
});
