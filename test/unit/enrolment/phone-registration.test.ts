import { Chat, makeWorld, readAll, RecordingNotifier, USER, type World } from './enrolment-harness';

async function reachPhoneStep(chat: Chat): Promise<string> {
  await chat.say('set up');
  await chat.say("Let's start");
  await chat.say('Personal phone');
  return readAll(await chat.say('Use a text or call instead'));
}

const methods = async (world: World) => (await world.staff.findByAadObjectId(USER.aadObjectId))?.methods;

describe('guided enrolment with a phone number (SMS or voice)', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
  });

  it('when a UK mobile is given in practice mode, then a code is texted to its E.164 form and typing it finishes the practice run without registering anything', async () => {
    const chat = new Chat(world);
    expect(await reachPhoneStep(chat)).toContain('Type your phone number');
    const sent = readAll(await chat.say('07400 123456'));
    expect(sent).toContain('sent a 6-digit code by text message');
    expect(sent).not.toContain('07400 123456');
    expect(world.notifier.sent).toEqual([expect.objectContaining({ channel: 'sms', to: '+447400123456' })]);
    const done = readAll(await chat.say(world.notifier.lastCode));
    expect(done).toContain('Practice complete');
    expect(done).toContain('text message codes');
    expect(await methods(world)).toEqual([]);
    const [audit] = await world.audit.listByAction('enrolment.practice-completed', 1);
    expect(audit?.after).toMatchObject({ method: 'SMS', practice: true });
    expect(JSON.stringify(audit)).not.toContain('7400123456');
    expect(JSON.stringify(audit)).not.toContain(world.notifier.lastCode);
  });

  it('when the card is used with Phone call and a landline, then the code is read out by voice and the practice run finishes with Voice', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say({ value: { action: 'enrolment.submit', phone: '020 7946 0000', channel: 'voice' } });
    expect(world.notifier.sent).toEqual([expect.objectContaining({ channel: 'voice', to: '+442079460000' })]);
    expect(readAll(await chat.submitCode(world.notifier.lastCode))).toContain('phone call codes');
    expect(await methods(world)).toEqual([]);
    const [audit] = await world.audit.listByAction('enrolment.practice-completed', 1);
    expect(audit?.after).toMatchObject({ method: 'Voice', practice: true });
  });

  it.each([
    ['a UK landline for SMS', '020 7946 0000', 'That looks like a UK landline; SMS needs a mobile'],
    ['an invalid UK number', '07700 900123', "That isn't a valid UK number"],
    ['a foreign number without the country code', '06 12 34 56 78', 'start with + and the country code'],
    ['words', 'my mobile', "doesn't look like a phone number"],
    ['a premium-rate number', '0900 123 4567', "can't receive codes"],
  ])(
    'when %s is typed, then it is refused with the reason and nothing is sent',
    async (_what, number, reason) => {
      const chat = new Chat(world);
      await reachPhoneStep(chat);
      const reply =
        number === 'my mobile'
          ? await chat.say({ value: { action: 'enrolment.submit', phone: number } })
          : await chat.say(number);
      expect(readAll(reply)).toContain(reason);
      expect(world.notifier.sent).toHaveLength(0);
    },
  );

  it('when a foreign mobile is written with + and the country code, then it is accepted', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say('+33 6 12 34 56 78');
    expect(world.notifier.sent).toEqual([expect.objectContaining({ to: '+33612345678' })]);
  });

  it('when the provider cannot call (Notify), then a landline gets a clear answer and only SMS is offered', async () => {
    world = await makeWorld({ notifier: new RecordingNotifier(['sms']) });
    const chat = new Chat(world);
    const card = await reachPhoneStep(chat);
    expect(card).not.toContain('Phone call');
    expect(readAll(await chat.say('020 7946 0000'))).toContain("I can't make calls here");
  });

  it('when the code is older than 10 minutes, then it is refused as expired and a new one can be sent', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say('07400 123456');
    const old = world.notifier.lastCode;
    world.clock.advance(10 * 60_000 + 1000);
    expect(readAll(await chat.say(old))).toContain('has expired');
    expect(readAll(await chat.say('Send a new code'))).toContain('sent a 6-digit code');
    expect(world.notifier.sent).toHaveLength(2);
    expect(readAll(await chat.say(world.notifier.lastCode))).toContain('Practice complete');
  });

  it('when codes are requested too often, then resends wait a minute and stop after 3 in an hour', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say('07400 123456');
    expect(readAll(await chat.say('resend'))).toContain("I've only just sent a code");
    for (let i = 0; i < 3; i++) {
      world.clock.advance(61_000);
      expect(readAll(await chat.say('resend'))).toContain('sent a 6-digit code');
    }
    world.clock.advance(61_000);
    expect(readAll(await chat.say('resend'))).toContain("That's the most codes I can send in an hour");
    expect(world.notifier.sent).toHaveLength(4);
    world.clock.advance(60 * 60_000);
    expect(readAll(await chat.say('resend'))).toContain('sent a 6-digit code');
  });

  it('when a code has been used, then it cannot be used again', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say('07400 123456');
    const code = world.notifier.lastCode;
    expect(await world.services.phone.verify(USER.aadObjectId, code)).toMatchObject({ kind: 'verified' });
    expect(await world.services.phone.verify(USER.aadObjectId, code)).toEqual({ kind: 'no-code' });
  });

  it('when 5 wrong codes are typed, then phone codes lock and the pending code is void', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say('07400 123456');
    const right = world.notifier.lastCode;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect(readAll(await chat.say(wrong))).toContain("didn't match");
    expect(readAll(await chat.say(wrong))).toContain('too many wrong codes');
    expect(readAll(await chat.say(right))).toContain('too many wrong codes');
    world.clock.advance(16 * 60_000);
    expect(readAll(await chat.say(right))).toContain("I don't have a code waiting");
  });

  it('when codes are stored, then only a hash of the code and a sealed number are kept', async () => {
    const chat = new Chat(world);
    await reachPhoneStep(chat);
    await chat.say('07400 123456');
    const doc = await world.store
      .collection<Record<string, unknown>>('phoneCodes')
      .findOne({ aadObjectId: USER.aadObjectId });
    const raw = JSON.stringify(doc);
    expect(raw).not.toContain(world.notifier.lastCode);
    expect(raw).not.toContain('7400123456');
  });

  it('when the bot restarts while a code is pending, then set up resumes at the code with the number masked', async () => {
    const first = new Chat(world);
    await reachPhoneStep(first);
    await first.say('07400 123456');
    expect(world.notifier.sent).toHaveLength(1);
    const back = readAll(await new Chat(world).say('set up'));
    expect(back).toContain('Welcome back! You were at step 4 of 4');
    expect(back).toContain('+44 ********56');
    expect(back).not.toContain('7400123456');
  });
});
