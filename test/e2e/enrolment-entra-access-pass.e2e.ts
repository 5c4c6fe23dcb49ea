import { enrolment } from '../../src/strings';
import { tap } from '../../src/strings/admin';
import { activity, post, replyTexts } from '../support/app-under-test';
import {
  ADELE,
  ALEX,
  docsScreenshot,
  ISAIAH,
  startEntraSession,
  waitUntilReads,
  type EntraE2eSession,
} from './support/entra-session';
import { walkToInstallStep } from './support/enrolment-walk';

jest.setTimeout(240_000);

const { answers, securityInfo } = enrolment;
const TAP = '#microsoft.graph.temporaryAccessPassAuthenticationMethod';

describe('path 2: a Temporary Access Pass issued by the helpdesk (Graph stub), in the Agents Playground', () => {
  let session: EntraE2eSession;
  /** Adele (helpdesk) types to the bot from her own Teams client: straight to the bot's endpoint. */
  const adeleSays = async (text: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await post(session.bot.endpoint.replace(/\/api\/messages$/, ''), {
      ...activity(text, ADELE.aadObjectId, extra),
      from: { id: `29:${ADELE.aadObjectId}`, name: ADELE.displayName, aadObjectId: ADELE.aadObjectId },
    });
    expect(res.status).toBe(200);
    return replyTexts(res).join('\n');
  };

  beforeAll(async () => {
    session = await startEntraSession('enrolment-entra-access-pass');
    await session.ui.waitForBotMessages(1, 60_000);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex cannot get into Security info, then the helpdesk is asked to check who Alex is, and no pass is made by the chat', async () => {
    const { ui, graph } = session;
    const install = await walkToInstallStep(ui);
    await ui.clickCardButton(answers.installed.title, install);
    const card = await ui.waitForReplyContaining(securityInfo.title, 60_000);
    await ui.clickCardButton(answers.cantGetIn.title, card);
    const asked = await ui.waitForReplyContaining('Temporary Access Pass', 60_000);
    await docsScreenshot(ui, 'entra-access-pass-1-requested', asked);
    expect(await asked.innerText()).toContain("They will check it's really you");
    expect(graph.issuedPasses).toEqual([]);
  });

  it("when Adele (helpdesk) types tap for Alex and confirms, then the pass is shown once in Alex's chat, never to Adele", async () => {
    const { ui, graph } = session;
    const confirmCard = await adeleSays(`tap ${ALEX.upn}`);
    expect(confirmCard).toContain(tap.title(ALEX.displayName));
    const shownAt = /"shownAt":"([^"]+)"/.exec(confirmCard)?.[1];
    expect(shownAt).toBeDefined();
    expect(graph.issuedPasses).toEqual([]);

    const sent = await adeleSays('', {
      text: undefined,
      value: { action: 'admin.tap.confirm', target: ALEX.aadObjectId, shownAt },
    });
    expect(sent).toContain(`I've sent ${ALEX.displayName} a Temporary Access Pass`);
    const [issued] = graph.issuedPasses;
    expect(issued).toMatchObject({ userId: ALEX.aadObjectId });
    expect(sent).not.toContain(issued.pass);

    const shown = await ui.waitForReplyContaining(issued.pass, 60_000);
    await docsScreenshot(ui, 'entra-access-pass-2-pass-in-chat', shown);
    expect(await shown.innerText()).toContain('https://aka.ms/mysecurityinfo');
  });

  it('when Alex has added the app with the pass and says "I\'ve done it", then done, and the pass is deleted from Entra', async () => {
    const { ui, graph, bot } = session;
    graph.registerAuthenticator(ALEX.aadObjectId, { displayName: 'Galaxy S24' });
    await ui.sendMessage('set up');
    await ui.waitForReplyContaining(securityInfo.title, 60_000);
    await ui.sendMessage(answers.doneIt.title);
    const done = await ui.waitForReplyContaining(enrolment.done.title, 60_000);
    await docsScreenshot(ui, 'entra-access-pass-3-done', done);
    expect(graph.methodsOf(ALEX.aadObjectId).map((m) => m['@odata.type'])).not.toContain(TAP);
    const alex = await bot.app.services.staff.findByAadObjectId(ALEX.aadObjectId);
    expect(alex?.methods).toEqual(['PhoneAppNotification']);
    expect(alex?.enrolment.accessPass).toBeUndefined();
    const pass = graph.issuedPasses[0]?.pass ?? '';
    const audit = JSON.stringify(await bot.app.services.audit.listForTarget(ALEX.aadObjectId, 50));
    expect(audit).toContain('enrolment.access-pass-issued');
    expect(audit).toContain('enrolment.access-pass-deleted');
    expect(audit).not.toContain(pass);
    expect(JSON.stringify(alex)).not.toContain(pass);
  });

  it('what the helpdesk sees: the confirmation card asks them to check who the person is; Cancel issues nothing', async () => {
    const { ui, graph, bot } = session;
    // Alex acts for the helpdesk here (Alex is a global admin in the sample directory).
    await bot.app.services.staff.upsertFromDirectory(
      {
        ...ALEX,
        organisation: 'Northbridge Valley NHS Trust',
        orgUnit: 'IT Services',
        role: 'globalAdmin',
        atp: false,
      },
      new Date(),
    );
    await ui.sendMessage(`tap ${ISAIAH.upn}`);
    const card = await ui.waitForReplyContaining(tap.title(ISAIAH.displayName), 60_000);
    await docsScreenshot(ui, 'entra-access-pass-4-helpdesk-confirm', card);
    expect(await card.innerText()).toContain(tap.confirm);
    await ui.clickCardButton(tap.cancel, card);
    expect(await waitUntilReads(card, tap.cancelled)).toContain(tap.cancelled);
    expect(graph.issuedPasses.filter((p) => p.userId === ISAIAH.aadObjectId)).toEqual([]);
  });
});
