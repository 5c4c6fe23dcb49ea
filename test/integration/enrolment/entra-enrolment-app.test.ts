import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { enrolment as s } from '../../../src/strings';
import { tap as tapText } from '../../../src/strings/admin';
import { myStatus } from '../../../src/strings/teams-app';
import {
  activity,
  addPerson,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../../support/app-under-test';
import { GraphStub, type StubMethod } from '../../support/graph-stub';
import { mongoTestUrl, uniqueDbName } from '../../support/store-factories';
import { StubBotConnector } from '../../support/stub-bot-connector';
import { CLIENT, guardNetwork, releaseNetwork, TENANT } from '../../unit/graph/graph-fixture';
import { graphStubEnv } from '../../support/graph-stub-env';

jest.setTimeout(300_000);

const url = mongoTestUrl();
const run = url ? describe : describe.skip;
if (!url) process.stderr.write('SKIPPED Entra enrolment app tests: no MongoDB in this run\n');

const DONE = s.done.title;
const AUTHENTICATOR = '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod';
const PHONE = '#microsoft.graph.phoneAuthenticationMethod';

/** Polls `check` every 100 ms until it returns true, or fails after `ms` (the machine may be busy). */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/**
 * The whole bot over HTTP (expectReplies) on MongoDB (FerretDB), with Microsoft Graph configured against
 * the Graph stub on 127.0.0.1 and proactive messages going to the stub Bot Connector.
 */
run('enrolment that ends in Entra ID, through the running bot on FerretDB with the Graph stub', () => {
  const data = tempDataDir();
  const db = uniqueDbName('entraapp');
  const graph = new GraphStub();
  const connector = new StubBotConnector();
  let serviceUrl = '';
  let running: RunningApp;
  /** Every reply (and proactive message) the bot gave, to check none says done without a method. */
  const said = new Map<string, string[]>();

  const say = async (who: string, text: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await post(running.baseUrl, activity(text, who, { serviceUrl, ...extra }));
    expect(res.status).toBe(200);
    const reply = replyTexts(res).join('\n');
    said.set(who, [...(said.get(who) ?? []), reply]);
    return reply;
  };
  const press = (who: string, value: Record<string, unknown>) => say(who, '', { text: undefined, value });
  /** What the bot sent to `who`'s personal chat without being asked (the stub connector received it). */
  const proactive = (who: string): string =>
    JSON.stringify(
      connector.accepted.filter((a) => a.conversationId === `a:personal-${who}`).map((a) => a.activity),
    );
  const person = (id: string) => running.app.services.staff.findByAadObjectId(id);
  const kinds = (id: string) => graph.methodsOf(id).map((m) => m['@odata.type']);
  const newPerson = async (id: string, name: string, role: 'staff' | 'helpdesk' = 'staff') => {
    graph.putUser({ id, userPrincipalName: `${id}@example.org`, displayName: name });
    await addPerson(running.app, id, name, role);
  };
  const reachSecurityInfo = async (who: string): Promise<string> => {
    await say(who, 'set up');
    await say(who, "Let's start");
    await say(who, 'Work phone');
    return say(who, "I've installed it");
  };
  const reachPhoneCode = async (who: string, number: string): Promise<string> => {
    await say(who, 'set up');
    await say(who, "Let's start");
    await say(who, 'Work phone');
    await say(who, 'Use a text or call instead');
    return say(who, number);
  };
  /** The last code the development outbox "texted" to `e164`. */
  const textedCode = (e164: string): string => {
    const outbox = readFileSync(join(data.dir, 'outbox', 'sms.log'), 'utf8');
    const codes = [...outbox.matchAll(/to=(\S+) code=(\d{6})/g)].filter((m) => m[1] === e164);
    const code = codes.at(-1)?.[2];
    if (!code) throw new Error(`no code texted to ${e164}`);
    return code;
  };

  beforeAll(async () => {
    guardNetwork();
    await graph.start();
    serviceUrl = await connector.start();
    running = await startApp({
      MONGODB_URL: url as string,
      MONGODB_DB: db,
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '5000',
      DATA_DIR: data.dir,
      ORGANISATION_NAME: 'Test Trust',
      HELPDESK_EMAIL: 'helpdesk@example.org',
      ...graphStubEnv(graph.baseUrl, { tenantId: TENANT, clientId: CLIENT }),
      GRAPH_MAX_ATTEMPTS: '2',
      ENTRA_CONFIRM_TRIES: '3',
      ENTRA_CONFIRM_INTERVAL_MS: '100',
    });
  });

  afterAll(async () => {
    await running?.stop();
    const client = await MongoClient.connect(url as string);
    await client.db(db).dropDatabase();
    await client.close();
    await connector.stop();
    await graph.stop();
    releaseNetwork();
    data.remove();
  });

  it('when Graph is configured, then the bot runs in Entra mode and read the tenant policy at start-up', () => {
    expect(running.app.services.entra).toBeDefined();
    expect(graph.count('GET', /^\/policies\/authenticationMethodsPolicy$/)).toBeGreaterThanOrEqual(1);
  });

  describe('path 1: Microsoft Authenticator on Security info', () => {
    it('when the person says "I\'ve done it" before Entra holds the app, then "can\'t see it yet"; once the stub holds it, done, and my status shows it from Entra', async () => {
      const who = 'aad-p1';
      await newPerson(who, 'Robin Authenticator');
      const card = await reachSecurityInfo(who);
      expect(card).toContain(s.securityInfo.title);
      expect(card).toContain('https://aka.ms/mysecurityinfo');
      expect(card).not.toContain(s.practice.banner);

      const early = await say(who, "I've done it");
      expect(early).toContain(s.securityInfo.notYet);
      expect(early).not.toContain(DONE);
      expect((await person(who))?.methods).toEqual([]);

      // What the person does on Security info; Entra shows it only on a later read (eventual consistency).
      graph.visibleAfterReads = 1;
      graph.registerAuthenticator(who, { displayName: 'Pixel 8' });
      const done = await say(who, "I've done it");
      graph.visibleAfterReads = 0;
      expect(done).toContain(DONE);
      expect(done).toContain(s.entra.registered('Microsoft Authenticator'));
      const me = await person(who);
      expect(me).toMatchObject({
        methods: ['PhoneAppNotification'],
        enrolment: { step: 'done' },
        entra: { source: 'methods' },
      });

      const status = await say(who, 'my status');
      expect(status).toContain(myStatus.done.enrolled);
      expect(status).toContain('Microsoft Authenticator notifications');
      expect(status).toContain(myStatus.checkedLabel);
      expect(status).not.toContain(myStatus.notChecked);
      const [confirmed] = await running.app.services.audit.listByAction('enrolment.entra-confirmed', 5);
      expect(confirmed?.after).toMatchObject({ graphRequestId: expect.any(String) });
    });

    it('when Entra shows the app only after the person has been told to wait, then the background check messages them that they are done', async () => {
      const who = 'aad-p1-later';
      await newPerson(who, 'Sam Later');
      await reachSecurityInfo(who);
      expect(await say(who, "I've done it")).toContain(s.securityInfo.notYet);
      const checks = running.app.modules.enrolment.checks;
      expect(checks).toBeDefined();

      graph.registerAuthenticator(who);
      // The first re-check is due 2 minutes after "I've done it": bring it forward rather than wait.
      const client = await MongoClient.connect(url as string);
      try {
        const moved = await client
          .db(db)
          .collection('entraChecks')
          .updateOne({ aadObjectId: who }, { $set: { dueAt: new Date(0) } });
        expect(moved.matchedCount).toBe(1);
      } finally {
        await client.close();
      }
      await until('the re-check to register the person', async () => {
        await checks!.runOnce();
        return (await person(who))?.methods.includes('PhoneAppNotification') ?? false;
      });
      await until('the done message in their chat', () => proactive(who).includes(DONE));
    });
  });

  describe('path 3: a phone number written to Entra', () => {
    it('when the code proves the phone and Entra has no mobile, then the number is written to the stub and read back before done', async () => {
      const who = 'aad-p3';
      await newPerson(who, 'Kim Phone');
      expect(await reachPhoneCode(who, '07400 123456')).toContain('sent a 6-digit code by text message');
      graph.visibleAfterReads = 1; // written, then visible only on a later read
      const done = await say(who, textedCode('+447400123456'));
      graph.visibleAfterReads = 0;
      expect(done).toContain(DONE);
      expect(graph.methodsOf(who)).toEqual([
        expect.objectContaining({ '@odata.type': PHONE, phoneNumber: '+44 7400123456', phoneType: 'mobile' }),
      ]);
      // Written once, then read back: a read of the person's methods came after the write.
      const requests = graph.requests.filter((r) => r.path.startsWith(`/users/${who}/authentication/`));
      const write = requests.findIndex((r) => r.method === 'POST' && r.path.endsWith('/phoneMethods'));
      expect(write).toBeGreaterThanOrEqual(0);
      expect(requests.slice(write + 1).some((r) => r.method === 'GET')).toBe(true);
      expect((await person(who))?.methods).toEqual(['SMS']);
      expect(running.logs.text()).not.toContain('7400123456');
    });

    it('when Entra already holds a different mobile, then it is not overwritten and the helpdesk gets a ticket', async () => {
      const who = 'aad-p3-other';
      await newPerson(who, 'Lee Otherphone');
      await reachPhoneCode(who, '07400 222333');
      const existing: StubMethod = {
        id: '3179e48a-750b-4051-897c-87b9720928f7',
        '@odata.type': PHONE,
        phoneNumber: '+44 7400999999',
        phoneType: 'mobile',
      };
      // The other number reaches Entra while the code is on its way (added on Security info, say).
      graph.methods.set(who, [existing]);
      const reply = await say(who, textedCode('+447400222333'));
      expect(reply).toContain('already has a different mobile number');
      expect(reply).not.toContain(DONE);
      expect(graph.methodsOf(who)).toEqual([existing]);
      expect(graph.count('POST', new RegExp(`^/users/${who}/authentication/phoneMethods$`))).toBe(0);
      const tickets = await running.app.modules.faq.tickets.list(['open']);
      expect(tickets.filter((t) => t.kind === 'phone-conflict' && t.asker.aadObjectId === who)).toHaveLength(
        1,
      );
    });
  });

  describe('path 2: a Temporary Access Pass issued by the helpdesk', () => {
    it("when a helpdesk member types tap <person> and confirms, then the pass is shown once in the person's chat, audited without the pass, deleted once the app shows, and found nowhere afterwards", async () => {
      const who = 'aad-p2';
      const desk = 'aad-desk';
      await newPerson(who, 'Ali Nopass');
      await newPerson(desk, 'Hana Helpdesk', 'helpdesk');
      await reachSecurityInfo(who);
      const asked = await say(who, "I can't get into Security info");
      expect(asked).toContain('Temporary Access Pass');
      expect(graph.issuedPasses).toEqual([]);

      const card = await say(desk, `tap ${who}@example.org`);
      expect(card).toContain(tapText.title('Ali Nopass'));
      expect(card).toContain(tapText.confirm);
      const shownAt = /"shownAt":"([^"]+)"/.exec(card)?.[1];
      expect(shownAt).toBeDefined();
      expect(graph.issuedPasses).toEqual([]); // nothing is issued before Confirm

      const confirmed = await press(desk, { action: 'admin.tap.confirm', target: who, shownAt });
      expect(confirmed).toContain(`I've sent Ali Nopass a Temporary Access Pass`);
      const [issued] = graph.issuedPasses;
      expect(issued).toMatchObject({ userId: who });
      expect(confirmed).not.toContain(issued.pass);
      expect(said.get(desk)?.join('\n')).not.toContain(issued.pass);
      // Once, in the person's own chat, with the Security info link.
      const sent = connector.accepted.filter((a) => JSON.stringify(a.activity).includes(issued.pass));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.conversationId).toBe(`a:personal-${who}`);
      expect(JSON.stringify(sent[0]?.activity)).toContain('https://aka.ms/mysecurityinfo');

      const [audited] = await running.app.services.audit.listByAction('enrolment.access-pass-issued', 5);
      expect(audited).toMatchObject({ target: who });
      expect(audited?.after).toMatchObject({
        issuedBy: desk,
        lifetimeMinutes: 60,
        graphRequestId: expect.any(String),
      });
      expect(JSON.stringify(audited)).not.toContain(issued.pass);

      // The person uses the pass on Security info and adds the app; the bot deletes the pass.
      graph.registerAuthenticator(who);
      await say(who, 'set up');
      const done = await say(who, "I've done it");
      expect(done).toContain(DONE);
      expect(kinds(who)).toEqual([AUTHENTICATOR]);
      expect((await person(who))?.enrolment.accessPass).toBeUndefined();

      expect(running.logs.text()).not.toContain(issued.pass);
      const client = await MongoClient.connect(url as string);
      try {
        const dump: unknown[] = [];
        for (const c of await client.db(db).listCollections().toArray())
          dump.push(await client.db(db).collection(c.name).find({}).toArray());
        const everything = JSON.stringify(dump);
        expect(everything).toContain(who); // the dump did read the bot's data
        expect(everything).not.toContain(issued.pass);
      } finally {
        await client.close();
      }
    });
  });

  describe('no path says done while the stub holds no method for that person', () => {
    it('when every path is tried and Entra never gets a method, then nothing says done and nothing counts', async () => {
      const who = 'aad-never';
      await newPerson(who, 'Never Registered');
      // Path 1: "I've done it" with nothing added on Security info.
      await reachSecurityInfo(who);
      await say(who, "I've done it");
      await say(who, "I've done it");
      // Path 2: asks the helpdesk; no pass is issued, so nothing changes in Entra.
      await say(who, "I can't get into Security info");
      // Path 3: the phone is proved but Entra is unavailable when the number is to be written.
      await say(who, 'Use a text or call instead');
      await say(who, '07400 555666');
      graph.failNext(20, new RegExp(`^/users/${who}/authentication/phoneMethods$`), { status: 503 }, 'POST');
      await say(who, textedCode('+447400555666'));
      // The background re-check, brought forward, finds nothing.
      const client = await MongoClient.connect(url as string);
      try {
        await client
          .db(db)
          .collection('entraChecks')
          .updateOne({ aadObjectId: who }, { $set: { dueAt: new Date(0) } });
      } finally {
        await client.close();
      }
      await running.app.modules.enrolment.checks!.runOnce();
      await say(who, 'my status');

      expect(graph.methodsOf(who)).toEqual([]);
      expect((said.get(who) ?? []).join('\n')).not.toContain(DONE);
      expect(proactive(who)).not.toContain(DONE);
      const me = await person(who);
      expect(me?.methods).toEqual([]);
      expect(me?.enrolment.step).not.toBe('done');
    });
  });
});
