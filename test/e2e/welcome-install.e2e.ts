import { common, enrolment } from '../../src/strings';
import { welcomeStatus } from '../../src/strings/teams-app';
import { startE2eSession, type E2eSession } from './support/e2e-session';

jest.setTimeout(180_000);

const { answers } = enrolment;

describe('installing the app, the welcome and a card that updates in place, in the Agents Playground', () => {
  let session: E2eSession;

  beforeAll(async () => {
    // Opening the Playground installs the app for Alex (installationUpdate + conversationUpdate).
    session = await startE2eSession('welcome-install');
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex installs the app, then the welcome greets them by first name with their MFA status', async () => {
    const { ui } = session;
    await ui.waitForBotMessages(1);
    const welcome = await ui.waitForReplyContaining(common.welcome.title('Alex'));
    await ui.screenshot('welcome-install-1-welcome', welcome);
    const text = await welcome.innerText();
    expect(text).toContain(welcomeStatus('MFA Enforced Admin Role', false));
    expect(text).not.toContain('Wilber');
  });

  // "Set up now" is a command button (plain Action.Submit data): a real click, as in Teams.
  it('when Alex clicks "Set up now", then enrolment starts at step 1', async () => {
    const { ui } = session;
    const welcome = await ui.waitForReplyContaining(common.welcome.title('Alex'));
    await ui.clickCardButton(common.welcome.setUp, welcome);
    const why = await ui.waitForReplyContaining(enrolment.why.title);
    expect(await why.innerText()).toContain(enrolment.stepOf(1, 4));
    await ui.screenshot('welcome-install-2-set-up', why);
  });

  it('when Alex presses "Let\'s start", then that card turns into "Done" in place and step 2 follows', async () => {
    const { ui } = session;
    const why = await ui.waitForReplyContaining(enrolment.why.title);
    const before = await ui.botMessages().count();
    await ui.clickCardButton(answers.start.title, why);
    await ui.waitForReplyContaining(enrolment.device.title);
    await why.getByText(enrolment.inPlace.done(answers.start.title), { exact: true }).waitFor();
    expect(await why.getByRole('button', { name: answers.start.title }).count()).toBe(0);
    // Replaced, not re-posted: one new message (the device card) and the welcome still there only once.
    expect(await ui.botMessages().count()).toBe(before + 1);
    expect(
      await ui
        .botMessages()
        .filter({ hasText: common.welcome.title('Alex') })
        .count(),
    ).toBe(1);
    await ui.screenshot('welcome-install-3-done-in-place', why);
  });
});
