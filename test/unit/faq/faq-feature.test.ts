import type { Activity } from 'botbuilder';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { ASK_HELPDESK_LIMIT } from '../../../src/bot/features/faq-feature';
import { buildFaq, type FaqModule } from '../../../src/composition/faq';
import { loadConfig } from '../../../src/config';
import { createHarness, message, texts, type Harness } from '../bot/support/bot-harness';
import { common, tickets as ticketText } from '../../../src/strings';
import { ManualClock, RecordingMessenger } from '../tickets/fakes';

const HELPDESK_CHANNEL = '19:helpdesk@thread.tacv2';

function cardOf(activities: Partial<Activity>[]): Record<string, unknown> {
  const card = activities.flatMap((a) => a.attachments ?? [])[0];
  expect(card).toBeDefined();
  return card.content as Record<string, unknown>;
}

/** The data of the card button titled `title` (Action.Submit), as Teams would send it back. */
function buttonData(card: Record<string, unknown>, title: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit' && o.title === title) found.push(o.data as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  expect(found).toHaveLength(1);
  return found[0];
}

const press = (data: Record<string, unknown>, who: string, extra: Partial<Activity> = {}) =>
  message('', who, { value: data, ...extra });

describe('FAQ feature through the bot', () => {
  let h: Harness;
  let module: FaqModule;
  let messenger: RecordingMessenger;

  beforeEach(async () => {
    messenger = new RecordingMessenger();
    const env = { HELPDESK_CONVERSATION: HELPDESK_CHANNEL, LEARN_MORE_URL: 'https://example.org/mfa' };
    h = await createHarness({
      env,
      features: () => {
        module = buildFaq({
          config: loadConfig({ NODE_ENV: 'test', ...env }),
          store: new EmbeddedDocumentStore({ inMemory: true }),
          clock: new ManualClock(),
          messenger,
        });
        return module.features;
      },
    });
    await h.addPerson('asker', 'staff', 'Ada Asker');
    await h.addPerson('desk', 'helpdesk', 'Hal Helpdesk');
    await h.addPerson('admin', 'localAdmin', 'Lee Admin');
    // The first message of a new chat also gets the welcome card: get that out of the way.
    for (const who of ['asker', 'desk', 'admin']) await h.send(message('help', who));
  });
  afterEach(async () => {
    module.close();
    await h.close();
  });

  it('when staff ask, press No, ask the helpdesk and a helper assigns and closes, then the asker is told each step', async () => {
    const answer = cardOf((await h.send(message("I don't have a mobile phone", 'asker'))).activities);
    expect(JSON.stringify(answer)).toContain('no-mobile-device');
    expect(JSON.stringify(answer)).toContain('Was this helpful?');
    expect(JSON.stringify(answer)).toContain('https://example.org/mfa');

    const offer = cardOf(
      (await h.send(press({ ...buttonData(answer, 'No'), comment: 'too vague' }, 'asker'))).activities,
    );
    const raised = await h.send(press(buttonData(offer, 'Ask the helpdesk'), 'asker'));
    expect(texts(raised.activities).join(' ')).toMatch(/passed your question to the helpdesk \(reference T-/);

    expect(messenger.toConversations).toHaveLength(1);
    expect(messenger.toConversations[0].reference.conversation?.id).toBe(HELPDESK_CHANNEL);
    const ticketCard = (messenger.toConversations[0].message as { content: Record<string, unknown> }).content;
    expect(JSON.stringify(ticketCard)).toContain("I don't have a mobile phone");

    const inChannel = {
      conversation: { id: HELPDESK_CHANNEL, conversationType: 'channel', isGroup: true },
    } as Partial<Activity>;
    const assigned = await h.send(press(buttonData(ticketCard, 'Assign to me'), 'desk', inChannel));
    expect(texts(assigned.activities).join(' ')).toMatch(/now assigned to you/);
    expect(messenger.toUsers).toEqual([
      { aadObjectId: 'asker', message: expect.stringContaining('Hal Helpdesk') },
    ]);

    const assignedCard = cardOf(assigned.activities);
    const closeData = {
      ...buttonData(assignedCard, 'Close with answer'),
      answer: 'We will give you a hardware token.',
    };
    const closed = await h.send(press(closeData, 'desk', inChannel));
    expect(texts(closed.activities).join(' ')).toMatch(/is closed and the asker has your answer/);
    expect(messenger.toUsers[1]).toEqual({
      aadObjectId: 'asker',
      message: expect.stringContaining('We will give you a hardware token.'),
    });
    const [ticket] = await module.tickets.list(['closed']);
    expect(ticket).toMatchObject({
      state: 'closed',
      asker: { aadObjectId: 'asker' },
      faqEntryId: 'no-mobile-device',
    });

    const stats = cardOf((await h.send(message('faq stats', 'admin'))).activities);
    expect(JSON.stringify(stats)).toContain('0 helpful, 1 not helpful');
  });

  it('when one person presses "Ask the helpdesk" again and again, then only a few tickets open, they are told kindly, and they may ask again later', async () => {
    const ask = (n: number) => press({ action: 'faq.ask-helpdesk', question: `question ${n}` }, 'asker');
    const replies: string[] = [];
    for (let n = 0; n < 8; n++) replies.push(texts((await h.send(ask(n))).activities).join(' '));
    expect(replies.filter((r) => r.includes('passed your question to the helpdesk'))).toHaveLength(
      ASK_HELPDESK_LIMIT.points,
    );
    expect(replies.filter((r) => r === ticketText.tooManyQuestions)).toHaveLength(
      8 - ASK_HELPDESK_LIMIT.points,
    );
    expect(await module.tickets.list(['open'])).toHaveLength(ASK_HELPDESK_LIMIT.points);
    expect(messenger.toConversations).toHaveLength(ASK_HELPDESK_LIMIT.points);
    // Someone else is not held back by it.
    expect(
      texts((await h.send(press({ action: 'faq.ask-helpdesk', question: 'mine' }, 'admin'))).activities).join(
        ' ',
      ),
    ).toContain('passed your question to the helpdesk');
    h.clock.set(new Date(h.clock.now().getTime() + ASK_HELPDESK_LIMIT.windowSeconds * 1000 + 1000));
    expect(texts((await h.send(ask(9))).activities).join(' ')).toContain(
      'passed your question to the helpdesk',
    );
  });

  it('when a second helper presses Assign on a taken ticket, then they are told who has it', async () => {
    const { ticket } = await module.tickets.open({
      kind: 'question',
      question: 'Pager?',
      asker: { aadObjectId: 'asker' },
    });
    await module.tickets.assign(ticket.id, {
      aadObjectId: 'x',
      displayName: 'Xena',
      role: 'helpdesk',
      organisation: 'Org A',
    });
    const reply = await h.send(press({ action: 'ticket.assign', ticketId: ticket.id, version: 1 }, 'desk'));
    expect(texts(reply.activities).join(' ')).toContain('already picked up by Xena');
  });

  it('when a local admin of another organisation lists tickets or presses Assign, then they see none, are refused and the ticket stays open', async () => {
    await h.addPerson('admin-b', 'localAdmin', 'Bea Other', 'Org B');
    await h.send(message('help', 'admin-b'));
    const { ticket } = await module.tickets.open({
      kind: 'question',
      question: 'Pager?',
      asker: { aadObjectId: 'asker', upn: 'asker@example.org', organisation: 'Org A' },
    });
    expect(texts((await h.send(message('tickets', 'admin-b'))).activities)).toEqual([ticketText.noTickets]);
    expect(JSON.stringify((await h.send(message('tickets', 'admin'))).activities)).toContain(ticket.ref);
    const reply = await h.send(
      press({ action: 'ticket.assign', ticketId: ticket.id, version: 1 }, 'admin-b'),
    );
    expect(texts(reply.activities)).toEqual([ticketText.outOfScope]);
    expect(await module.tickets.get(ticket.id)).toMatchObject({ state: 'open', version: 1 });
  });

  it('when a member of staff presses a helpdesk button, then it is refused and nothing changes', async () => {
    const { ticket } = await module.tickets.open({
      kind: 'question',
      question: 'Pager?',
      asker: { aadObjectId: 'asker' },
    });
    const reply = await h.send(press({ action: 'ticket.assign', ticketId: ticket.id }, 'asker'));
    expect(texts(reply.activities).join(' ')).toMatch(/only for administrators/);
    expect((await module.tickets.get(ticket.id))?.state).toBe('open');
  });

  it('when the question is out of scope, then the bot says it does not know and offers the helpdesk', async () => {
    const offer = cardOf((await h.send(message("what's for lunch", 'asker'))).activities);
    expect(JSON.stringify(offer)).toContain("I don't know that one");
    expect(buttonData(offer, 'Ask the helpdesk')).toMatchObject({
      action: 'faq.ask-helpdesk',
      question: "what's for lunch",
    });
    const stats = cardOf((await h.send(message('faq stats', 'desk'))).activities);
    expect(JSON.stringify(stats)).toContain("what's for lunch");
  });

  it.each(['register', 'phone-number', 'phone-code'])(
    'when someone at the %s step types something the FAQ cannot answer, then it is not kept for faq stats',
    async (step) => {
      const person = await h.staff.findByAadObjectId('asker');
      await h.staff.update(
        'asker',
        person!.version,
        { enrolment: { ...person!.enrolment, step } },
        new Date(),
      );
      const offer = cardOf((await h.send(message("what's for lunch 4829", 'asker'))).activities);
      expect(JSON.stringify(offer)).toContain("I don't know that one");
      const stats = cardOf((await h.send(message('faq stats', 'desk'))).activities);
      expect(JSON.stringify(stats)).not.toContain('lunch');
    },
  );

  it('when unsure, then up to three "did you mean" buttons are offered and one shows its answer', async () => {
    const card = cardOf((await h.send(message('authenticator trouble', 'asker'))).activities);
    const actions = (card.actions as { data: { action: string } }[]).filter(
      (a) => a.data.action === 'faq.show',
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(3);
    const shown = cardOf((await h.send(press(actions[0].data, 'asker'))).activities);
    expect(JSON.stringify(shown)).toContain('Was this helpful?');
  });

  it('when staff ask an admin question, then they get the short answer and "your local admin can do this"', async () => {
    const card = JSON.stringify(cardOf((await h.send(message('bulk edit limit', 'asker'))).activities));
    expect(card).toContain('admin-bulk-limit');
    expect(card).toContain('Bulk changes to MFA are made by administrators');
    expect(card).toContain('Your local admin can do this for you');
    expect(card).not.toContain('interim process');
  });

  it.each(['admin', 'desk', 'global'])(
    'when an administrator (%s) asks the same admin question, then they get the whole answer',
    async (who) => {
      if (who === 'global') {
        await h.addPerson('global', 'globalAdmin', 'Gil Global');
        await h.send(message('help', 'global'));
      }
      const card = JSON.stringify(cardOf((await h.send(message('bulk edit limit', who))).activities));
      expect(card).toContain('admin-bulk-limit');
      expect(card).toContain('interim process');
      expect(card).not.toContain('Your local admin can do this');
    },
  );

  it('when staff press a "did you mean" button for an admin entry, then it shows them the short answer', async () => {
    const shown = JSON.stringify(
      cardOf((await h.send(press({ action: 'faq.show', entryId: 'admin-re-enrol' }, 'asker'))).activities),
    );
    expect(shown).toContain('Your local admin can do this for you');
    expect(shown).not.toContain('per-user MFA');
  });

  it('when card data is forged, then it is rejected without touching anything', async () => {
    const reply = await h.send(
      press({ action: 'faq.feedback', entryId: { $gt: '' }, helpful: 'maybe' }, 'asker'),
    );
    expect(texts(reply.activities).join(' ')).toMatch(/didn't look right/);
  });

  it('when someone says hi, then the FAQ leaves it to the help card', async () => {
    const reply = await h.send(message('hi', 'asker'));
    expect(JSON.stringify(reply.activities)).not.toContain('faq.ask-helpdesk');
  });

  it('when asked in a group chat with "ask", then the answer card comes back there', async () => {
    const group = {
      conversation: { id: 'group-1', conversationType: 'groupChat', isGroup: true },
    } as Partial<Activity>;
    const reply = await h.send(message('ask is mfa the same as 2fa', 'asker', group));
    expect(JSON.stringify(cardOf(reply.activities))).toContain('mfa-is-two-factor');
  });

  it.each(['tickets', 'faq stats'])(
    'when a helper types "%s" in a group chat, then nothing is shown there and they are asked to message privately',
    async (command) => {
      await module.tickets.open({ kind: 'question', question: 'Pager?', asker: { aadObjectId: 'asker' } });
      const group = {
        conversation: { id: 'group-1', conversationType: 'groupChat', isGroup: true },
      } as Partial<Activity>;
      const reply = await h.send(message(command, 'desk', group));
      expect(texts(reply.activities)).toEqual([common.groupChatOnly]);
    },
  );

  it('when an admin reloads the FAQ or a helper lists tickets, then they get the counts and cards', async () => {
    expect(texts((await h.send(message('reload faq', 'admin'))).activities)[0]).toMatch(
      /^FAQ reloaded: \d+ entries\.$/,
    );
    expect(texts((await h.send(message('reload faq', 'asker'))).activities)[0]).toMatch(
      /only for administrators/,
    );
    await module.tickets.open({ kind: 'no-device', question: 'No phone', asker: { aadObjectId: 'asker' } });
    const list = await h.send(message('tickets', 'desk'));
    expect(list.activities[0].text).toBe('Open helpdesk tickets (1)');
    expect(list.activities[0].attachments).toHaveLength(1);
  });
});
