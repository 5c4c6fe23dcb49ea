import { common, faq, teamsApp } from '../../src/strings';
import { startE2eSession, type E2eSession } from './support/e2e-session';

jest.setTimeout(180_000);

describe('first chat in the Agents Playground', () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await startE2eSession('first-chat');
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex opens the chat, then the bot welcomes them by name', async () => {
    const { ui } = session;
    await ui.waitForBotMessages(1);
    const welcome = await ui.waitForReplyContaining(common.welcome.title('Alex'));
    await ui.screenshot('first-chat-1-welcome', welcome);
  });

  it('when Alex types help, then the help card lists the commands, admin ones included', async () => {
    const { ui } = session;
    await ui.sendMessage('help');
    const card = await ui.waitForReplyContaining(common.help.title);
    await ui.screenshot('first-chat-2-help', card);
    expect(await card.innerText()).toContain(common.help.adminTitle);
  });

  it('when Alex clicks "My status" on the help card, then their status card comes back', async () => {
    const { ui } = session;
    const help = await ui.waitForReplyContaining(common.help.title);
    await ui.clickCardButton(common.help.buttons.myStatus, help);
    const status = await ui.waitForReplyContaining(teamsApp.myStatus.title('Alex'));
    await ui.screenshot('first-chat-2b-my-status', status);
  });

  it('when Alex asks a question and clicks a button on the answer card, then the bot answers the click', async () => {
    const { ui } = session;
    await ui.sendMessage('What is MFA?');
    const answer = await ui.waitForReplyContaining(faq.helpfulQuestion);
    await ui.screenshot('first-chat-3-answer', answer);
    await ui.clickCardButton(faq.yes, answer);
    const thanks = await ui.waitForReplyContaining(faq.thanksYes);
    await ui.screenshot('first-chat-4-button', thanks);
  });
});
