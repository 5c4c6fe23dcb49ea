import { DialogTurnStatus } from 'botbuilder-dialogs';
import { answersStep } from '../../../dialogs/enrolment-steps';
import type { FaqAnswerer } from '../../../dialogs/enrolment-context';
import {
  appCode,
  Chat,
  makeWorld,
  manualKeyIn,
  reachRegister,
  readAll,
  USER,
  type World,
} from './enrolment-harness';

const faq: FaqAnswerer = {
  answer: (question) =>
    /safe|privacy|see my/i.test(question)
      ? {
          kind: 'answer',
          confidence: 0.9,
          entry: {
            id: 'privacy',
            title: 'Can my organisation see my phone?',
            answer: 'No. The app holds sign-in codes only.',
            audience: 'staff',
            tags: [],
          },
        }
      : { kind: 'none' },
};

const step = async (world: World): Promise<string | undefined> =>
  (await world.staff.findByAadObjectId(USER.aadObjectId))?.enrolment.step;

describe('guided enrolment: interruptions, resume and hand-offs', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld({ faq });
  });

  it('when the person types cancel, then the flow stops, progress is kept, and set up resumes at the same step', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    await chat.say("Let's start");
    await chat.say('Work phone');
    const paused = readAll(await chat.say('cancel'));
    expect(paused).toContain('step 3 of 4');
    expect(await step(world)).toBe('install');
    expect(chat.client.dialogTurnResult.status).not.toBe(DialogTurnStatus.waiting); // the dialog has ended

    const back = readAll(await chat.say('set up'));
    expect(back).toContain('Welcome back! You were at step 3 of 4');
    expect(back).toContain('Install Microsoft Authenticator');
  });

  it('when the person types help, then the current step is explained and the flow stays there', async () => {
    const chat = new Chat(world);
    await reachRegister(chat);
    const help = readAll(await chat.say('help'));
    expect(help).toContain('Other account');
    expect(help).toContain('restart');
    expect(await step(world)).toBe('register');
  });

  it('when the person types restart at the register step, then the unconfirmed secret is revoked and the flow starts over', async () => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    const restarted = readAll(await chat.say('start again'));
    expect(restarted).toContain("let's start again");
    expect(restarted).toContain('Step 1 of 4');
    expect(await step(world)).toBe('why');
    expect(await world.services.app.hasPendingSecret(USER.aadObjectId)).toBe(false);
    expect(await world.services.app.verify(USER.aadObjectId, appCode(secret, world.clock.now()))).toEqual({
      kind: 'no-secret',
    });
    expect(await world.audit.listByAction('enrolment.restarted', 5)).toHaveLength(1);
  });

  it('when the bot restarts mid-flow (dialog state lost), then set up says where the person was and never shows the secret again', async () => {
    const { secret } = await reachRegister(new Chat(world));
    const restartedBot = new Chat(world);
    const back = await restartedBot.say('set up');
    expect(readAll(back)).toContain('Welcome back! You were at step 4 of 4');
    expect(manualKeyIn(back)).toBeUndefined();
    expect(readAll(back)).not.toContain('data:image/png');
    expect(readAll(await restartedBot.say(appCode(secret, world.clock.now())))).toContain(
      'Practice complete',
    );
  });

  it('when the bot restarts and the person just types the code (or presses an old button), then the flow resumes with it', async () => {
    const { secret } = await reachRegister(new Chat(world));
    const code = appCode(secret, world.clock.now());
    expect(answersStep('register', code)).toBe(true);
    expect(answersStep('install', "I've installed it")).toBe(true);
    expect(answersStep('install', 'what is the weather')).toBe(false);
    expect(answersStep('done', code)).toBe(false);
    const resumed = new Chat(world, { withInput: true });
    expect(readAll(await resumed.say(code))).toContain('Practice complete');
  });

  it('when a question is typed mid-flow, then the FAQ answers it and the step is asked again', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    await chat.say("Let's start");
    await chat.say('Personal phone');
    const reply = readAll(await chat.say('is it safe on my own phone? can they see my photos?'));
    expect(reply).toContain('Can my organisation see my phone?');
    expect(reply).toContain('Back to where we were');
    expect(reply).toContain('Install Microsoft Authenticator');
    expect(await step(world)).toBe('install');
  });

  it('when the text is neither an answer nor a known question, then the person is told how to answer', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    expect(readAll(await chat.say('banana'))).toContain("I didn't catch that");
    expect(readAll(await chat.say('123456'))).toContain("I'm not asking for a code yet");
    expect(await step(world)).toBe('why');
  });

  it('when "Tell me more" is chosen, then the FAQ explanation is given (or the built-in one) and the why card again', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    const more = readAll(await chat.say('Tell me more'));
    expect(more).toContain('99.9%');
    expect(more).toContain("Let's start");
  });

  it('when the person has no mobile device, then a helpdesk request is recorded once and the helpdesk email is shown', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    await chat.say("Let's start");
    const reply = readAll(await chat.say("I don't have a mobile device"));
    expect(reply).toContain("I've asked the helpdesk to help you");
    expect(reply).toContain('helpdesk@example.org');
    expect(await step(world)).toBe('no-device');
    expect(await world.tickets.list()).toEqual([
      expect.objectContaining({
        kind: 'no-device',
        state: 'open',
        asker: expect.objectContaining({ aadObjectId: USER.aadObjectId, upn: USER.upn }),
      }),
    ]);
    expect(await world.audit.listByAction('enrolment.no-device', 5)).toHaveLength(1);

    const again = new Chat(world);
    expect(readAll(await again.say('set up'))).toContain('Welcome back');
    expect(readAll(await again.say('no phone'))).toContain('already has your request');
    expect(await world.tickets.list()).toHaveLength(1);
  });

  it('when someone with no device later gets a phone, then they can carry on from the device step', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    await chat.say("Let's start");
    await chat.say("I don't have a mobile device");
    const later = new Chat(world);
    await later.say('set up');
    expect(readAll(await later.say('Work phone'))).toContain('Install Microsoft Authenticator');
    expect(await step(world)).toBe('install');
  });
});

describe('two Teams windows', () => {
  it('when the person finished in another window, then an old button in this one does not issue a new secret', async () => {
    const world = await makeWorld();
    const desktop = new Chat(world);
    await desktop.say('set up');
    await desktop.say("Let's start");
    await desktop.say('Work phone');
    const phone = new Chat(world);
    await phone.say('set up');
    const { secret } = await (async () => {
      const replies = await phone.say("I've installed it");
      return { secret: manualKeyIn(replies)! };
    })();
    expect(readAll(await phone.say(appCode(secret, world.clock.now())))).toContain('Practice complete');
    const stale = await desktop.say("I've installed it");
    expect(readAll(stale)).toContain("You've already finished the practice run");
    expect(manualKeyIn(stale)).toBeUndefined();
    expect(await world.services.app.hasPendingSecret(USER.aadObjectId)).toBe(false);
  });
});
