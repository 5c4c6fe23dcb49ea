import { enrolment } from '../../src/strings';
import { myStatus } from '../../src/strings/teams-app';
import { ALEX, docsScreenshot, startEntraSession, type EntraE2eSession } from './support/entra-session';
import { walkToInstallStep } from './support/enrolment-walk';

jest.setTimeout(240_000);

const { answers, securityInfo } = enrolment;

describe('path 1: Microsoft Authenticator added on Security info, confirmed by Entra (Graph stub), in the Agents Playground', () => {
  let session: EntraE2eSession;

  beforeAll(async () => {
    session = await startEntraSession('enrolment-entra-authenticator');
    await session.ui.waitForBotMessages(1, 60_000);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex sets up and has installed the app, then the register step sends Alex to Security info (no QR code of the bot)', async () => {
    const { ui } = session;
    const install = await walkToInstallStep(ui);
    await ui.clickCardButton(answers.installed.title, install);
    const card = await ui.waitForReplyContaining(securityInfo.title, 60_000);
    await docsScreenshot(ui, 'entra-authenticator-1-security-info', card);
    const text = await card.innerText();
    expect(text).toContain(answers.doneIt.title);
    expect(text).not.toContain(enrolment.practice.banner);
  });

  it('when Alex says "I\'ve done it" before Entra shows the app, then the bot says it can\'t see it yet, not done', async () => {
    const { ui, graph } = session;
    await ui.sendMessage(answers.doneIt.title);
    const notYet = await ui.waitForReplyContaining(securityInfo.notYet.slice(0, 40), 60_000);
    await docsScreenshot(ui, 'entra-authenticator-2-not-yet', notYet);
    expect(await notYet.innerText()).not.toContain(enrolment.done.title);
    expect(graph.methodsOf(ALEX.aadObjectId)).toEqual([]);
  });

  it('when Alex has added the app on Security info and says "I\'ve done it" again, then Entra shows it and the bot says done; my status shows it', async () => {
    const { ui, graph, bot } = session;
    graph.visibleAfterReads = 1; // Entra shows the new method on a later read only
    graph.registerAuthenticator(ALEX.aadObjectId, { displayName: 'iPhone 15' });
    await ui.sendMessage(answers.doneIt.title);
    const done = await ui.waitForReplyContaining(enrolment.done.title, 60_000);
    await docsScreenshot(ui, 'entra-authenticator-3-done', done);
    expect(await done.innerText()).toContain(enrolment.entra.registered('Microsoft Authenticator'));
    expect((await bot.app.services.staff.findByAadObjectId(ALEX.aadObjectId))?.methods).toEqual([
      'PhoneAppNotification',
    ]);

    await ui.sendMessage('my status');
    const status = await ui.waitForReplyContaining(myStatus.title('Alex'), 60_000);
    await docsScreenshot(ui, 'entra-authenticator-4-my-status', status);
    const text = await status.innerText();
    expect(text).toContain(myStatus.done.enrolled);
    expect(text).toContain(myStatus.checkedLabel);
    expect(text).not.toContain(myStatus.notChecked);
  });
});
