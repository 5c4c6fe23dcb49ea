import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { buildEnrolment } from '../../../src/composition/enrolment';
import { createEnrolmentFeature } from '../../../src/bot/features/enrolment-feature';
import { enrolment as s } from '../../../src/strings';
import { StubBotConnector } from '../../support/stub-bot-connector';
import { createHarness, message, type Harness } from '../bot/support/bot-harness';
import {
  appCode,
  cards,
  makeWorld,
  manualKeyIn,
  readAll,
  testConfig,
  USER,
  type Json,
  type World,
} from './enrolment-harness';

/** The enrolment logs nothing a test needs to see. */
const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Enrolment step cards through the whole bot (CloudAdapter, router, dialog): buttons are Action.Execute,
 * the invoke answer replaces the pressed card, and the next step arrives as a new message, which goes
 * to the Bot Connector (a local stub on 127.0.0.1) as it would in Teams.
 */
let h: Harness;
let world: World;
let connector: StubBotConnector;
let serviceUrl: string;

beforeEach(async () => {
  world = await makeWorld();
  connector = new StubBotConnector();
  serviceUrl = await connector.start();
  h = await createHarness({
    features: ({ staff }) => [
      createEnrolmentFeature(
        buildEnrolment({
          logger: quietLogger,
          config: testConfig(mkdtempSync(join(tmpdir(), 'in-place-'))),
          store: world.store,
          staff,
          audit: world.audit,
          clock: world.clock,
          notifier: world.notifier,
          tickets: world.tickets,
        }).deps,
      ),
    ],
  });
  await h.addPerson(USER.aadObjectId, 'staff', 'Alex Smith');
});

afterEach(async () => {
  await connector.stop();
  await h.close();
});

interface Button {
  verb: string;
  data: Json;
}

/** The Action.Execute titled `title` on a card, as Teams would send it back. */
function button(card: Json | undefined, title: string): Button {
  const action = ((card?.actions ?? []) as Json[]).find((a) => a.title === title);
  if (!action || action.type !== 'Action.Execute') throw new Error(`no Action.Execute "${title}"`);
  return { verb: String(action.verb), data: (action.data ?? {}) as Json };
}

/** Posts the press as Teams does (an adaptiveCard/action invoke); returns the invoke answer. */
async function press(b: Button, inputs: Json = {}): Promise<{ type: string; value: unknown }> {
  const { status, body } = await h.send({
    ...message('', USER.aadObjectId, { serviceUrl }),
    type: 'invoke',
    name: 'adaptiveCard/action',
    deliveryMode: undefined,
    value: {
      action: { type: 'Action.Execute', verb: b.verb, data: { ...b.data, ...inputs } },
      trigger: 'manual',
    },
  });
  expect(status).toBe(200);
  return body as { type: string; value: unknown };
}

/** Messages the bot sent to the chat (through the connector) since `from`. */
function sentSince(from: number): Partial<Activity>[] {
  return connector.accepted.slice(from).map((a) => a.activity as Partial<Activity>);
}

/** Presses a button and returns the card it was replaced with and the new messages. */
async function pressAndRead(b: Button, inputs: Json = {}) {
  const from = connector.accepted.length;
  const answer = await press(b, inputs);
  const sent = sentSince(from);
  return { answer, replaced: JSON.stringify(answer.value), sent, next: cards(sent).at(-1) };
}

/** From "set up" to the register card: each pressed card turns into "Done: <choice>". */
async function walkToRegister() {
  const { activities } = await h.send(message('set up', USER.aadObjectId, { serviceUrl }));
  const why = cards(activities).at(-1);
  const start = await pressAndRead(button(why, s.answers.start.title));
  const device = await pressAndRead(button(start.next, s.answers.work.title));
  const installed = await pressAndRead(button(device.next, s.answers.installed.title));
  const secret = manualKeyIn(installed.sent);
  if (!secret) throw new Error(`no secret on the register card: ${readAll(installed.sent)}`);
  return { why, start, device, installed, secret, codeCard: installed.next };
}

describe('enrolment step cards update in place', () => {
  it('when each step is answered, then the pressed card turns into "Done: <what was chosen>" and the next step arrives below', async () => {
    const { start, device, installed, secret, codeCard } = await walkToRegister();
    expect(start.answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(start.replaced).toContain(s.inPlace.done(s.answers.start.title));
    expect(readAll(start.sent)).toContain(s.device.title);
    expect(device.replaced).toContain(s.inPlace.done(s.answers.work.title));
    expect(device.replaced).toContain(s.device.title);
    expect(readAll(device.sent)).toContain(s.install.title);
    expect(installed.replaced).toContain(s.inPlace.done(s.answers.installed.title));

    const verified = await pressAndRead(button(codeCard, s.register.verifyButton), {
      code: appCode(secret, world.clock.now()),
    });
    expect(verified.replaced).toContain(s.inPlace.done(s.inPlace.codeChecked));
    expect(verified.replaced).toContain(s.register.title);
    expect(readAll(verified.sent)).toContain(s.practice.doneTitle);
    const person = await h.staff.findByAadObjectId(USER.aadObjectId);
    expect(person?.methods).toEqual([]);
    expect(person?.enrolment.practiceCompletedAt).toBeDefined();
  });

  it('when an older step card is pressed again, then it says it is out of date and nothing runs twice (no new secret)', async () => {
    const { why, start, device, secret, codeCard } = await walkToRegister();
    for (const [card, title] of [
      [why, s.answers.start.title],
      [start.next, s.answers.personal.title],
      [device.next, s.answers.installed.title],
    ] as const) {
      const again = await pressAndRead(button(card, title));
      expect(again.replaced).toContain(s.inPlace.outOfDate);
      expect(again.replaced).toContain(s.inPlace.carryOn);
      expect(again.sent).toEqual([]);
    }
    // The first secret is still the one to use: pressing "I've installed it" again issued none.
    const verified = await pressAndRead(button(codeCard, s.register.verifyButton), {
      code: appCode(secret, world.clock.now()),
    });
    expect(verified.replaced).toContain(s.inPlace.done(s.inPlace.codeChecked));

    const afterDone = await pressAndRead(button(codeCard, s.register.verifyButton), { code: '123456' });
    expect(afterDone.replaced).toContain(s.inPlace.outOfDate);
    expect(afterDone.replaced).toContain(s.practice.finished);
    expect(afterDone.sent).toEqual([]);
  });

  it('when the phone route is taken, then the install, number and code cards each turn into "Done" as they are answered', async () => {
    const { activities } = await h.send(message('set up', USER.aadObjectId, { serviceUrl }));
    const start = await pressAndRead(button(cards(activities).at(-1), s.answers.start.title));
    const device = await pressAndRead(button(start.next, s.answers.work.title));
    const usePhone = await pressAndRead(button(device.next, s.answers.usePhone.title));
    expect(usePhone.replaced).toContain(s.inPlace.done(s.answers.usePhone.title));
    expect(readAll(usePhone.sent)).toContain(s.phone.title);

    const number = await pressAndRead(button(usePhone.next, s.phone.sendButton), {
      phone: '07400 123456',
      channel: 'sms',
    });
    expect(number.replaced).toContain(s.inPlace.done(s.inPlace.codeSent));
    expect(readAll(number.sent)).toContain(s.phone.codeTitle);
    expect(world.notifier.sent).toHaveLength(1);

    // The number card is now out of date: pressing it again sends no second code.
    const again = await pressAndRead(button(usePhone.next, s.phone.sendButton), { phone: '07400 123456' });
    expect(again.replaced).toContain(s.inPlace.outOfDate);
    expect(world.notifier.sent).toHaveLength(1);

    const codeCard = number.next;
    const verified = await pressAndRead(button(codeCard, s.register.verifyButton), {
      code: world.notifier.lastCode,
    });
    expect(verified.replaced).toContain(s.inPlace.done(s.inPlace.codeChecked));
    expect(readAll(verified.sent)).toContain(s.practice.doneTitle);
  });

  it('when a wrong code is pressed, then the code card stays as it is and the reason arrives in the chat', async () => {
    const { secret, codeCard } = await walkToRegister();
    const good = appCode(secret, world.clock.now());
    const wrong = good === '000000' ? '111111' : '000000';
    const result = await pressAndRead(button(codeCard, s.register.verifyButton), { code: wrong });
    expect(result.answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(result.answer.value).toBe(s.inPlace.seeBelow);
    expect(readAll(result.sent)).toContain(s.code.wrong(4));
    expect(cards(result.sent)).toEqual([]);
  });
});
