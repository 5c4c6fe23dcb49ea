import {
  appCode,
  cards,
  Chat,
  makeWorld,
  manualKeyIn,
  reachRegister,
  readAll,
  START,
  USER,
  type World,
} from './enrolment-harness';

describe('practice mode (no Microsoft Graph): the app code path', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
  });

  it('when a member of staff goes through every step on a work phone, then the code is checked but only a practice run is recorded, never a registration', async () => {
    const chat = new Chat(world);
    const why = await chat.say('set up');
    expect(readAll(why)).toContain('Step 1 of 4');
    expect(readAll(why)).toContain("Practice run: this doesn't change how you sign in");
    expect(readAll(why)).toContain("Let's start");
    const device = await chat.say("Let's start");
    expect(readAll(device)).toContain('Step 2 of 4');
    expect(readAll(device)).toContain("I don't have a mobile device");
    const install = await chat.say('Work phone');
    expect(readAll(install)).toContain('Step 3 of 4');
    expect(readAll(install)).toContain('https://apps.apple.com/');
    expect(readAll(install)).toContain('https://play.google.com/');
    expect(readAll(install)).not.toContain('cannot see your photos');

    const register = await chat.say("I've installed it");
    const text = readAll(register);
    expect(text).toContain('Step 4 of 4');
    expect(text).toContain('Account name: Example NHS Trust (alex.smith@example.org)');
    const card = JSON.stringify(cards(register));
    expect(Buffer.byteLength(card)).toBeLessThan(28_000); // Teams refuses messages over about 28 KB
    expect(card).toMatch(/"url":"data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(card).toContain(
      '"altText":"QR code to add your Example NHS Trust account to Microsoft Authenticator"',
    );
    const shownKey =
      /"fontType":"Monospace"[^}]*"text":"([A-Z2-7 ]+)"|"text":"([A-Z2-7 ]+)"[^}]*"fontType":"Monospace"/.exec(
        card,
      );
    expect(shownKey).not.toBeNull();
    const secret = manualKeyIn(register)!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits in base32
    expect((shownKey![1] ?? shownKey![2]).split(' ').every((g) => g.length <= 4)).toBe(true);

    const done = await chat.submitCode(appCode(secret, world.clock.now()));
    expect(readAll(done)).toContain('Practice complete');
    expect(readAll(done)).toContain(
      "your organisation's sign-in is unchanged and nothing was registered with Microsoft",
    );
    expect(readAll(done)).not.toContain("You're done");

    const staff = await world.staff.findByAadObjectId(USER.aadObjectId);
    expect(staff?.methods).toEqual([]);
    expect(staff?.registeredAt).toBeUndefined();
    expect(staff?.enrolment.practiceCompletedAt).toEqual(START);
    expect(staff?.enrolment.step).toBe('done');
    expect(staff?.enrolment.device).toBe('work');
    const [audit] = await world.audit.listByAction('enrolment.practice-completed', 5);
    expect(audit).toMatchObject({ actor: USER.aadObjectId, target: USER.aadObjectId, outcome: 'success' });
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(appCode(secret, world.clock.now()));
    const stored = await world.store
      .collection<Record<string, unknown>>('otpState')
      .findOne({ aadObjectId: USER.aadObjectId });
    expect(stored).toMatchObject({ state: 'confirmed' });
    expect(stored?.sealedSecret).toBeUndefined();
  });

  it('when the phone is personal, then the install step says plainly what the app can and cannot see, and "123 456" typed in chat works', async () => {
    const chat = new Chat(world);
    await chat.say('set up');
    await chat.say('start');
    const install = await chat.say('personal phone');
    expect(readAll(install)).toContain('cannot see your photos, messages, contacts, browsing or location');
    const register = await chat.say('installed');
    const secret = manualKeyIn(register)!;
    const code = appCode(secret, world.clock.now());
    const done = await chat.say(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(readAll(done)).toContain('Practice complete');
    expect((await world.staff.findByAadObjectId(USER.aadObjectId))?.enrolment.device).toBe('personal');
  });

  it('when a wrong code is typed, then it is refused with the tries left, and letters or a short code only get a hint', async () => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    const right = appCode(secret, world.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    expect(readAll(await chat.say(wrong))).toContain("didn't match");
    expect(readAll(await chat.say('12345O'))).toContain('no letters');
    expect(readAll(await chat.say('12345'))).toContain("That's 5 digits; the code has 6");
    expect(readAll(await chat.submitCode(wrong))).toContain('3 tries left');
    expect((await world.staff.findByAadObjectId(USER.aadObjectId))?.methods).toEqual([]);
  });

  it('when the same correct code is presented twice, then only the first is accepted', async () => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    const code = appCode(secret, world.clock.now());
    expect(await world.services.app.verify(USER.aadObjectId, code)).toMatchObject({ kind: 'verified' });
    expect(await world.services.app.verify(USER.aadObjectId, code)).toEqual({ kind: 'replayed' });
  });

  it('when two submits of the same code race, then exactly one is accepted', async () => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    const code = appCode(secret, world.clock.now());
    const results = await Promise.all([
      world.services.app.verify(USER.aadObjectId, code),
      world.services.app.verify(USER.aadObjectId, code),
      world.services.app.verify(USER.aadObjectId, code),
    ]);
    expect(results.filter((r) => r.kind === 'verified')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'replayed')).toHaveLength(2);
  });

  it.each([
    ['30 s behind', 'accepted', -30_000, true],
    ['30 s ahead', 'accepted', 30_000, true],
    ['90 s behind', 'refused', -90_000, false],
    ['90 s ahead', 'refused', 90_000, false],
  ])('when the phone clock is %s, then its code is %s', async (_label, _outcome, skewMs, accepted) => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    const phoneTime = new Date(world.clock.now().getTime() + skewMs);
    const reply = readAll(await chat.say(appCode(secret, phoneTime)));
    expect(reply.includes('Practice complete')).toBe(accepted);
  });

  it('when 5 wrong codes are typed, then checks lock for 15 minutes (even for the right code) and open again after', async () => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    const wrong = (): string => (appCode(secret, world.clock.now()) === '000000' ? '111111' : '000000');
    for (let i = 0; i < 4; i++) expect(readAll(await chat.say(wrong()))).toContain("didn't match");
    const locked = readAll(await chat.say(wrong()));
    expect(locked).toContain('too many wrong codes');
    expect(locked).toContain('10:15'); // 10:00 UTC = 10:00 in London in November, plus 15 minutes
    expect(readAll(await chat.say(appCode(secret, world.clock.now())))).toContain('too many wrong codes');
    expect(await world.audit.listByAction('enrolment.locked', 5)).toHaveLength(1);

    world.clock.advance(14 * 60_000);
    expect(readAll(await chat.say(appCode(secret, world.clock.now())))).toContain('too many wrong codes');
    world.clock.advance(61_000);
    expect(readAll(await chat.say(appCode(secret, world.clock.now())))).toContain('Practice complete');
  });

  it('when the person asks for a new QR code, then the old secret stops working and the new one works', async () => {
    const chat = new Chat(world);
    const { secret: first } = await reachRegister(chat);
    const again = await chat.say('Show me a new QR code');
    const second = manualKeyIn(again)!;
    expect(second).not.toEqual(first);
    expect(readAll(await chat.say(appCode(first, world.clock.now())))).toContain("didn't match");
    expect(readAll(await chat.say(appCode(second, world.clock.now())))).toContain('Practice complete');
  });

  it('when someone who finished the practice run types set up again, then they hear it was practice and it starts over', async () => {
    const chat = new Chat(world);
    const { secret } = await reachRegister(chat);
    await chat.say(appCode(secret, world.clock.now()));
    const again = readAll(await new Chat(world).say('set up'));
    expect(again).toContain("You've finished the practice run before");
    expect(again).toContain('Step 1 of 4');
    expect(again).not.toContain('already set up');
  });

  it('when Entra is known to hold a method (the registration report), then set up says there is nothing to do', async () => {
    const person = (await world.staff.findByAadObjectId(USER.aadObjectId))!;
    await world.staff.update(USER.aadObjectId, person.version, { methods: ['PhoneAppNotification'] }, START);
    const again = await new Chat(world).say('set up');
    expect(readAll(again)).toContain("You're already set up for MFA (Microsoft Authenticator)");
    expect(manualKeyIn(again)).toBeUndefined();
  });
});
