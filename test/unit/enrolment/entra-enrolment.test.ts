import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import type { Messenger, OutgoingMessage } from '../../../src/ports/messenger';
import { enrolment as s } from '../../../src/strings';
import { base32Decode, totp } from '../../support/rfc6238';
import type { GraphStub, StubMethod } from '../../support/graph-stub';
import { createGraphWorld, guardNetwork, releaseNetwork, type GraphWorld } from '../graph/graph-fixture';
import { Chat, FakeClock, makeWorld, manualKeyIn, readAll, USER, type World } from './enrolment-harness';

/** Proactive messages the bot sends (the background re-check's result), kept for assertions. */
class RecordingMessenger implements Messenger {
  readonly sent: { to: string; message: OutgoingMessage }[] = [];
  sendToUser(aadObjectId: string, message: OutgoingMessage) {
    this.sent.push({ to: aadObjectId, message });
    return Promise.resolve('sent' as const);
  }
  sendToConversation() {
    return Promise.resolve('sent' as const);
  }
  text(): string {
    return JSON.stringify(this.sent.map((m) => m.message));
  }
}

const DONE = "You're done!";
const MOBILE = '+44 7400123456';

interface EntraWorld {
  graph: GraphWorld;
  stub: GraphStub;
  world: World;
  messenger: RecordingMessenger;
}

async function entraWorld(
  options: {
    role?: 'staff' | 'localAdmin';
    oath?: boolean;
    clock?: FakeClock;
    errors?: string[];
    /** The self-service Temporary Access Pass group (the person is put in it). */
    selfServiceGroup?: string;
  } = {},
): Promise<EntraWorld> {
  const store = new EmbeddedDocumentStore({ inMemory: true });
  const graph = await createGraphWorld({ store });
  graph.stub.putUser({ id: USER.aadObjectId, userPrincipalName: USER.upn, displayName: 'Alex Smith' });
  const messenger = new RecordingMessenger();
  const world = await makeWorld({
    store,
    seed: true,
    clock: options.clock,
    gateway: graph.graph.methods,
    messenger,
    role: options.role,
    enrolment: {
      oathTokens: options.oath ?? false,
      accessPass: { lifetimeMinutes: 60, usableOnce: true, selfServiceGroup: options.selfServiceGroup },
    },
    isInGroup: graph.graph.isInGroup,
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: (_obj: unknown, msg?: string) => void options.errors?.push(msg ?? ''),
    },
  });
  return { graph, stub: graph.stub, world, messenger };
}

async function reachSecurityInfo(chat: Chat): Promise<string> {
  await chat.say('set up');
  await chat.say("Let's start");
  await chat.say('Work phone');
  return readAll(await chat.say("I've installed it"));
}

async function reachPhoneCode(chat: Chat, number = '07400 123456'): Promise<void> {
  await chat.say('set up');
  await chat.say("Let's start");
  await chat.say('Work phone');
  await chat.say('Use a text or call instead');
  await chat.say(number);
}

const phone = (id: string, phoneNumber: string): StubMethod => ({
  id,
  '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
  phoneNumber,
  phoneType: 'mobile',
});
const person = (w: World) => w.staff.findByAadObjectId(USER.aadObjectId);
const kinds = (stub: GraphStub) => stub.methodsOf(USER.aadObjectId).map((m) => m['@odata.type']);

describe('enrolment that ends in Microsoft Entra ID (Graph stub)', () => {
  let e: EntraWorld;
  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  afterEach(async () => {
    await e.graph.close();
  });

  describe('path 1: Microsoft Authenticator on Security info', () => {
    beforeEach(async () => {
      e = await entraWorld();
    });

    it('when the register step is reached, then Entra is read first and the card sends the person to Security info, with no QR code of the bot', async () => {
      const chat = new Chat(e.world);
      const card = await reachSecurityInfo(chat);
      expect(card).toContain(s.securityInfo.title);
      expect(card).toContain('https://aka.ms/mysecurityinfo');
      expect(card).toContain("I've done it");
      expect(card).toContain("I can't get into Security info");
      expect(card).not.toContain('Practice run');
      expect(manualKeyIn(await chat.say('help'))).toBeUndefined();
      expect(e.stub.requests.some((r) => r.path.endsWith('/authentication/methods'))).toBe(true);
      expect((await person(e.world))?.enrolment.path).toBe('authenticator');
    });

    it('when the person says they have done it and Entra shows the new Authenticator (after a later read), then and only then the bot says done', async () => {
      const chat = new Chat(e.world);
      await reachSecurityInfo(chat);
      e.stub.visibleAfterReads = 1;
      e.stub.registerAuthenticator(USER.aadObjectId, { displayName: 'iPhone 15' });
      const done = readAll(await chat.say("I've done it"));
      expect(done).toContain(DONE);
      expect(done).toContain('Microsoft now shows Microsoft Authenticator on your account');
      const me = await person(e.world);
      expect(me?.methods).toEqual(['PhoneAppNotification']);
      expect(me?.enrolment.step).toBe('done');
      expect(me?.entra?.source).toBe('methods');
      const [confirmed] = await e.world.audit.listByAction('enrolment.entra-confirmed', 1);
      expect(confirmed?.after).toMatchObject({
        methods: ['PhoneAppNotification'],
        graphRequestId: expect.any(String),
      });
      expect(await e.world.audit.listByAction('enrolment.authenticator-confirmed', 1)).toHaveLength(1);
    });

    it('when Entra does not show it yet, then the person is told it can take a few minutes, nothing counts, and the background check messages them once it appears', async () => {
      const chat = new Chat(e.world);
      await reachSecurityInfo(chat);
      const waiting = readAll(await chat.say("I've done it"));
      expect(waiting).toContain(s.securityInfo.notYet);
      expect(waiting).not.toContain(DONE);
      expect((await person(e.world))?.methods).toEqual([]);

      e.world.clock.advance(2 * 60_000);
      expect(await e.world.checks!.runOnce()).toMatchObject({
        ran: true,
        result: { checked: 1, registered: 0 },
      });
      expect(e.messenger.sent).toEqual([]);

      e.stub.registerAuthenticator(USER.aadObjectId);
      e.world.clock.advance(3 * 60_000);
      expect(await e.world.checks!.runOnce()).toMatchObject({ ran: true, result: { registered: 1 } });
      expect(e.messenger.text()).toContain(DONE);
      expect((await person(e.world))?.methods).toEqual(['PhoneAppNotification']);
      e.world.clock.advance(60 * 60_000);
      expect(await e.world.checks!.runOnce()).toMatchObject({ ran: true, result: { checked: 0 } });
    });

    it('when Entra never shows it, then after the last re-check the person is told what to check, and still nothing counts', async () => {
      const chat = new Chat(e.world);
      await reachSecurityInfo(chat);
      await chat.say("I've done it");
      for (const minutes of [2, 3, 10, 45]) {
        e.world.clock.advance(minutes * 60_000);
        await e.world.checks!.runOnce();
      }
      expect(e.messenger.text()).toContain("I still can't see Microsoft Authenticator on your account");
      expect(e.messenger.text()).not.toContain(DONE);
      const me = await person(e.world);
      expect(me?.methods).toEqual([]);
      expect(me?.enrolment.awaitingEntraSince).toBeUndefined();
    });

    it('when Graph refuses to read methods (permission missing), then the helpdesk is asked to finish it and the admin log names the permission', async () => {
      const errors: string[] = [];
      await e.graph.close();
      e = await entraWorld({ errors });
      e.stub.failNext(5, /\/authentication\/methods/, { status: 403, code: 'Authorization_RequestDenied' });
      const text = await reachSecurityInfo(new Chat(e.world));
      expect(text).toContain("I've asked the helpdesk to finish it with you");
      expect(text).not.toContain(s.securityInfo.title);
      expect(errors.join('\n')).toContain('UserAuthenticationMethod.Read.All');
      const tickets = (await e.world.tickets.list(['open'])).filter((t) => t.kind === 'cannot-finish');
      expect(tickets).toHaveLength(1);
    });

    it('when the tenant has switched Temporary Access Passes off, then the card does not offer that way in', async () => {
      e.stub.policy.temporaryAccessPass = 'disabled';
      e = {
        ...e,
        world: await makeWorld({ store: e.world.store, seed: false, gateway: e.graph.graph.methods }),
      };
      expect(await reachSecurityInfo(new Chat(e.world))).not.toContain("I can't get into Security info");
    });
  });

  describe('path 2: a Temporary Access Pass for someone who cannot get into Security info', () => {
    beforeEach(async () => {
      e = await entraWorld();
    });

    it('when the person cannot get in, then the helpdesk is asked (once) to check who they are and no pass is made by the chat alone', async () => {
      const chat = new Chat(e.world);
      await reachSecurityInfo(chat);
      const asked = readAll(await chat.say("I can't get into Security info"));
      expect(asked).toContain('Temporary Access Pass');
      expect(asked).toContain('check it');
      expect(readAll(await chat.say("I can't get into Security info"))).toContain('already has your request');
      expect(e.stub.issuedPasses).toEqual([]);
      expect((await e.world.tickets.list(['open'])).filter((t) => t.kind === 'access-pass')).toHaveLength(1);
    });

    it('when the person is in the self-service group and has no method, then a pass is shown once here, kept nowhere, and deleted once Entra shows the app', async () => {
      await e.graph.close();
      const group = 'bbbbbbbb-0000-4000-8000-000000000001';
      e = await entraWorld({ selfServiceGroup: group });
      e.stub.group(group).add(USER.aadObjectId);
      const chat = new Chat(e.world);
      await reachSecurityInfo(chat);
      const shown = readAll(await chat.say("I can't get into Security info"));
      const [issued] = e.stub.issuedPasses;
      expect(issued).toBeDefined();
      expect(shown).toContain(issued.pass);
      expect(shown).toContain('https://aka.ms/mysecurityinfo');
      const stored = JSON.stringify(await e.world.store.collection('staff').find({}));
      const audit = JSON.stringify(await e.world.audit.listForTarget(USER.aadObjectId, 50));
      expect(stored).not.toContain(issued.pass);
      expect(audit).not.toContain(issued.pass);
      expect(audit).toContain('access-pass-issued');

      e.stub.registerAuthenticator(USER.aadObjectId);
      expect(readAll(await chat.say("I've done it"))).toContain(DONE);
      expect(kinds(e.stub)).not.toContain('#microsoft.graph.temporaryAccessPassAuthenticationMethod');
      expect((await person(e.world))?.enrolment.accessPass).toBeUndefined();
    });
  });

  describe('path 3: a phone number the bot writes to Entra', () => {
    beforeEach(async () => {
      e = await entraWorld();
    });

    it('when the code proves the phone and Entra has no mobile, then the number is added in Entra format, read back, and only then done', async () => {
      const chat = new Chat(e.world);
      await reachPhoneCode(chat);
      const done = readAll(await chat.say(e.world.notifier.lastCode));
      expect(done).toContain(DONE);
      expect(e.stub.methodsOf(USER.aadObjectId)).toEqual(
        expect.arrayContaining([expect.objectContaining({ phoneNumber: MOBILE, phoneType: 'mobile' })]),
      );
      expect((await person(e.world))?.methods).toEqual(['SMS']);
      const [written] = await e.world.audit.listByAction('enrolment.phone-written', 1);
      expect(JSON.stringify(written)).not.toContain('7400123456');
    });

    it('when Entra already holds a method at set up, then the person hears there is nothing to do and nothing is written', async () => {
      e.stub.methods.set(USER.aadObjectId, [phone('p1', MOBILE)]);
      const reply = readAll(await new Chat(e.world).say('set up'));
      expect(reply).toContain("You're already set up for MFA (text message codes)");
      expect((await person(e.world))?.methods).toEqual(['SMS']);
      expect(
        e.stub.requests.filter((r) => r.method === 'POST' && r.path.includes('/authentication/')),
      ).toEqual([]);
    });

    it('when Entra gets this very number while the code is on its way, then the proof counts and nothing is written twice', async () => {
      const chat = new Chat(e.world);
      await reachPhoneCode(chat);
      e.stub.methods.set(USER.aadObjectId, [phone('p1', MOBILE)]);
      expect(readAll(await chat.say(e.world.notifier.lastCode))).toContain(DONE);
      expect(e.stub.requests.filter((r) => r.method === 'POST' && r.path.includes('phoneMethods'))).toEqual(
        [],
      );
    });

    it('when Entra holds a different mobile, then it is never overwritten and the helpdesk is asked to sort it out', async () => {
      const chat = new Chat(e.world);
      await reachPhoneCode(chat);
      e.stub.methods.set(USER.aadObjectId, [phone('p1', '+44 7400999999')]);
      const reply = readAll(await chat.say(e.world.notifier.lastCode));
      expect(reply).toContain('already has a different mobile number');
      expect(reply).not.toContain(DONE);
      expect(e.stub.requests.filter((r) => r.method === 'POST' && r.path.includes('phoneMethods'))).toEqual(
        [],
      );
      expect((await e.world.tickets.list(['open'])).filter((t) => t.kind === 'phone-conflict')).toHaveLength(
        1,
      );
    });

    it('when the number is written but Entra does not show it yet, then the person is told it is on its way, not done', async () => {
      e.stub.visibleAfterReads = 10;
      const chat = new Chat(e.world);
      await reachPhoneCode(chat);
      const reply = readAll(await chat.say(e.world.notifier.lastCode));
      expect(reply).toContain(s.entra.pending);
      expect(reply).not.toContain(DONE);
      expect((await person(e.world))?.methods).toEqual([]);
    });
  });

  describe('path 3 for an admin-role account', () => {
    it('when someone with an admin role proves a phone, then the bot does not write it and sends them to Security info', async () => {
      e = await entraWorld({ role: 'localAdmin' });
      const chat = new Chat(e.world);
      await reachPhoneCode(chat);
      const reply = readAll(await chat.say(e.world.notifier.lastCode));
      expect(reply).toContain('Accounts with an admin role add their sign-in methods themselves');
      expect(kinds(e.stub)).not.toContain('#microsoft.graph.phoneAuthenticationMethod');
    });
  });

  describe('path 4: codes from the app as an Entra OATH token (GRAPH_OATH_TOKENS)', () => {
    it('when the person scans the code here, then a token is created, activated with their code, read back, and the bot keeps no secret', async () => {
      e = await entraWorld({ oath: true, clock: new FakeClock(new Date()) });
      const chat = new Chat(e.world);
      expect(await reachSecurityInfo(chat)).toContain('Scan a QR code here instead');
      const qr = await chat.say('Scan a QR code here instead');
      const secret = manualKeyIn(qr)!;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(e.stub.devices.size).toBe(1);
      const code = totp(base32Decode(secret)!, Date.now());
      const done = readAll(await chat.say(code));
      expect(done).toContain(DONE);
      expect((await person(e.world))?.methods).toEqual(['PhoneAppOTP']);
      const stored = await e.world.store
        .collection<Record<string, unknown>>('otpState')
        .findOne({ aadObjectId: USER.aadObjectId });
      expect(stored?.sealedSecret).toBeUndefined();
    });

    it('when the tenant refuses to create the token, then the person is sent to Security info with a plain explanation', async () => {
      e = await entraWorld({ oath: true });
      e.stub.failNext(1, /hardwareOathDevices/, { status: 403, code: 'accessDenied' }, 'POST');
      const chat = new Chat(e.world);
      await reachSecurityInfo(chat);
      const replies = await chat.say('Scan a QR code here instead');
      expect(readAll(replies)).toContain(s.securityInfo.oathUnavailable);
      expect(readAll(replies)).toContain(s.securityInfo.title);
      expect(manualKeyIn(replies)).toBeUndefined();
    });
  });
});

describe('no path says done while Entra holds no method for the person', () => {
  let e: EntraWorld;
  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  afterEach(async () => {
    await e.graph.close();
  });

  it('when every way of finishing is tried and Entra never gets a method, then nothing says done and nothing counts', async () => {
    e = await entraWorld({ oath: true, clock: new FakeClock(new Date()) });
    const chat = new Chat(e.world);
    const said: string[] = [await reachSecurityInfo(chat)];
    said.push(readAll(await chat.say("I've done it")));
    // The OATH token: Entra refuses the activation, so the token is deleted again.
    const qr = await chat.say('Scan a QR code here instead');
    e.stub.failNext(1, /assignAndActivate/, {
      status: 400,
      code: 'badRequest',
      message: 'Invalid verification code',
    });
    said.push(readAll(await chat.say(totp(base32Decode(manualKeyIn(qr)!)!, Date.now()))));
    // The phone: Entra is down when the number is to be written.
    await chat.say('Use a text or call instead');
    await chat.say('07400 123456');
    e.stub.failNext(10, /phoneMethods/, { status: 503 }, 'POST');
    said.push(readAll(await chat.say(e.world.notifier.lastCode)));

    expect(e.stub.methodsOf(USER.aadObjectId)).toEqual([]);
    expect(said.join('\n')).not.toContain(DONE);
    expect((await person(e.world))?.methods).toEqual([]);
    expect(e.stub.devices.size).toBe(0);
  });
});
