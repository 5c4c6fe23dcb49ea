import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { DialogSet } from 'botbuilder-dialogs';
import { buildEnrolment } from '../../../src/composition/enrolment';
import { createEnrolmentFeature, type EnrolmentFeature } from '../../../src/bot/features/enrolment-feature';
import type { TurnRequest } from '../../../src/bot/feature';
import { normaliseText } from '../../../src/turn/normalise-text';
import { setSpeaker, setTurnText } from '../../../src/turn/speaker';
import { Chat, makeWorld, readAll, testConfig, USER, type World } from './enrolment-harness';

/** The enrolment logs nothing a test needs to see. */
const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Runs one turn through the feature the way the router does, with real dialog state between turns. */
class FeatureHarness {
  private readonly state = new ConversationState(new MemoryStorage());
  private readonly dialogs: DialogSet;
  constructor(
    private readonly world: World,
    readonly feature: EnrolmentFeature,
  ) {
    this.dialogs = new DialogSet(this.state.createProperty('dialogState'));
    for (const d of feature.dialogs ?? []) this.dialogs.add(d);
  }

  async turn(
    activity: Partial<Activity>,
    run: (req: TurnRequest) => Promise<unknown>,
    conversationType = 'personal',
  ): Promise<string> {
    const replies: Partial<Activity>[] = [];
    const adapter = new TestAdapter(async (turn: TurnContext) => {
      turn.onSendActivities(async (_ctx, acts, next) => {
        replies.push(...acts);
        return next();
      });
      const staff = (await this.world.staff.findByAadObjectId(USER.aadObjectId))!;
      const text = normaliseText(turn.activity.text);
      setSpeaker(turn, staff);
      setTurnText(turn, text);
      const dc = await this.dialogs.createContext(turn);
      const req: TurnRequest = { turn, staff, text, dialogs: dc };
      if (dc.activeDialog && !activity.value) await dc.continueDialog();
      else await run(req);
      await this.state.saveChanges(turn);
    });
    await adapter.send({
      type: 'message',
      from: { id: 'u', name: 'Alex', aadObjectId: USER.aadObjectId },
      conversation: { id: 'c1', conversationType, isGroup: conversationType !== 'personal', name: '' },
      recipient: { id: '28:bot-app-id', name: 'bot' },
      ...activity,
    });
    return readAll(replies);
  }
}

describe('the enrolment feature', () => {
  let world: World;
  let harness: FeatureHarness;
  beforeEach(async () => {
    world = await makeWorld();
    const feature = createEnrolmentFeature(
      buildEnrolment({
        logger: quietLogger,
        config: testConfig(mkdtempSync(join(tmpdir(), 'enrolment-feature-'))),
        store: world.store,
        staff: world.staff,
        audit: world.audit,
        clock: world.clock,
        notifier: world.notifier,
        tickets: world.tickets,
      }).deps,
    );
    harness = new FeatureHarness(world, feature);
  });

  const command = () => harness.feature.commands![0];
  const action = (name: string) => harness.feature.actions!.find((a) => a.action === name)!;

  it('when set up is typed, then the command (which also backs the welcome card button) starts the flow', async () => {
    expect(command().phrases).toEqual(
      expect.arrayContaining(['set up', 'setup', 'start', 'enrol', 'enroll', 'register']),
    );
    expect(command().phrases[0]).toBe('set up');
    expect(command().welcomeButton).toBe('setUp');
    const reply = await harness.turn({ text: 'set up' }, (req) => command().run(req, ''));
    expect(reply).toContain('Step 1 of 4');
  });

  it('when set up is typed in a group chat, then it offers a private chat and shows nothing private', async () => {
    const reply = await harness.turn({ text: 'set up' }, (req) => command().run(req, ''), 'groupChat');
    expect(reply).toContain("Let's do this in a private chat");
    expect(reply).toContain('https://teams.microsoft.com/l/chat/0/0?users=28%3Abot-app-id');
    expect(reply).not.toContain('Step 1 of 4');
    expect((await world.staff.findByAadObjectId(USER.aadObjectId))?.enrolment.step).toBe('not-started');
  });

  it("when a reminder's Start now button is pressed, then the flow starts", async () => {
    const value = { action: 'enrolment.start', aadObjectId: 'someone-else' };
    const reply = await harness.turn({ value }, (req) => action('enrolment.start').handle(req, value));
    expect(reply).toContain('Step 1 of 4');
  });

  it('when a card submit arrives after the dialog state was lost, then it is applied to the stored step', async () => {
    await harness.turn({ text: 'set up' }, (req) => command().run(req, ''));
    await harness.turn({ text: "Let's start" }, () => Promise.resolve());
    await harness.turn({ text: 'Work phone' }, () => Promise.resolve());
    await harness.turn({ text: 'Use a text or call instead' }, () => Promise.resolve());
    const fresh = new FeatureHarness(world, harness.feature);
    const value = { action: 'enrolment.submit', phone: '07400 123456', channel: 'sms' };
    const reply = await fresh.turn({ value }, (req) => action('enrolment.submit').handle(req, value));
    expect(reply).toContain('sent a 6-digit code');
    expect(world.notifier.sent).toHaveLength(1);
  });

  it('when card data is malformed, then it is refused without touching the flow', async () => {
    const value = { action: 'enrolment.submit', code: 'x'.repeat(500) };
    const reply = await harness.turn({ value }, (req) => action('enrolment.submit').handle(req, value));
    expect(reply).toContain("didn't look right");
  });

  it('when free text answers the stored step, then the feature resumes the flow; otherwise it leaves it to others', async () => {
    await harness.turn({ text: 'set up' }, (req) => command().run(req, ''));
    const fresh = new FeatureHarness(world, harness.feature);
    let handled: boolean | undefined;
    const reply = await fresh.turn({ text: "Let's start" }, async (req) => {
      handled = await harness.feature.answerFreeText!(req);
    });
    expect(handled).toBe(true);
    expect(reply).toContain('Step 2 of 4');
    await new FeatureHarness(world, harness.feature).turn(
      { text: 'what is the capital of France' },
      async (req) => {
        handled = await harness.feature.answerFreeText!(req);
      },
    );
    expect(handled).toBe(false);
  });
});

describe("the reminder card's buttons", () => {
  it('when "I don\'t have a mobile device" is pressed on a reminder, then a helpdesk request is opened without going through the steps', async () => {
    const world = await makeWorld();
    const feature = createEnrolmentFeature(
      buildEnrolment({
        logger: quietLogger,
        config: testConfig(mkdtempSync(join(tmpdir(), 'enrolment-feature-'))),
        store: world.store,
        staff: world.staff,
        audit: world.audit,
        clock: world.clock,
        notifier: world.notifier,
        tickets: world.tickets,
      }).deps,
    );
    const harness = new FeatureHarness(world, feature);
    const value = { action: 'enrolment.no-device' };
    const handle = feature.actions!.find((a) => a.action === 'enrolment.no-device')!;
    const reply = await harness.turn({ value }, (req) => handle.handle(req, value));
    expect(reply).toContain("I've asked the helpdesk to help you");
    expect((await world.staff.findByAadObjectId(USER.aadObjectId))?.enrolment.step).toBe('no-device');
    expect(await world.audit.listByAction('enrolment.no-device', 5)).toHaveLength(1);
  });

  it('when a Web Chat host posts an imBack button as data, then it still counts as the typed title', async () => {
    const world = await makeWorld();
    const chat = new Chat(world);
    await chat.say('set up');
    const reply = await chat.say({ value: { msteams: { type: 'imBack', value: "Let's start" } } });
    expect(readAll(reply)).toContain('Step 2 of 4');
  });
});

describe('start again', () => {
  it('when "start again" is typed with no dialog running, then the flow restarts rather than resuming', async () => {
    const world = await makeWorld();
    const feature = createEnrolmentFeature(
      buildEnrolment({
        logger: quietLogger,
        config: testConfig(mkdtempSync(join(tmpdir(), 'enrolment-feature-'))),
        store: world.store,
        staff: world.staff,
        audit: world.audit,
        clock: world.clock,
        notifier: world.notifier,
        tickets: world.tickets,
      }).deps,
    );
    const first = new FeatureHarness(world, feature);
    const start = feature.commands![0];
    await first.turn({ text: 'set up' }, (req) => start.run(req, ''));
    await first.turn({ text: "Let's start" }, () => Promise.resolve());
    await first.turn({ text: 'Work phone' }, () => Promise.resolve());
    const reply = await new FeatureHarness(world, feature).turn({ text: 'start again' }, (req) =>
      start.run(req, 'again'),
    );
    expect(reply).toContain("let's start again");
    expect(reply).not.toContain('Welcome back');
    expect((await world.staff.findByAadObjectId(USER.aadObjectId))?.enrolment.step).toBe('why');
  });
});
