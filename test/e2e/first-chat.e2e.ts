import { common, faq } from '../../src/strings';
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

  // The help card has no buttons yet, and the Playground (0.2.28) ignores Action.Submit buttons whose data
  // is a Teams imBack/messageBack (the welcome card's), so the button clicked is the FAQ answer's "Yes".
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
