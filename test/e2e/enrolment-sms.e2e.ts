import { enrolment } from '../../src/strings';
import { codeTextedTo } from './support/sms-outbox';
import { startE2eSession, type E2eSession } from './support/e2e-session';
import { walkToInstallStep } from './support/enrolment-walk';

jest.setTimeout(180_000);

const { answers } = enrolment;
/** A UK mobile number in the form the bot's own hint uses (07400 123456); nothing is really sent. */
const MOBILE = '07400 123456';

describe('enrolment by text message in the Agents Playground', () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await startE2eSession('enrolment-sms');
    await session.ui.waitForBotMessages(1);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex sets up and presses "Use a text or call instead", then the phone number card asks how to send the code', async () => {
    const { ui } = session;
    const install = await walkToInstallStep(ui, 30_000);
    await ui.clickCardButton(answers.usePhone.title, install);
    const phone = await ui.waitForReplyContaining(enrolment.phone.title);
    expect(await phone.innerText()).toContain(enrolment.phone.channelLabel);
  });

  it('when Alex chooses Text message, types a UK mobile and presses "Send me a code", then a code is texted', async () => {
    const { ui } = session;
    const phone = await ui.waitForReplyContaining(enrolment.phone.title);
    await phone.getByRole('radio', { name: answers.sms.title }).check();
    await phone.locator('input[type="tel"]').fill(MOBILE);
    await ui.screenshot('enrolment-sms-1-number', phone);
    await ui.clickCardButton(enrolment.phone.sendButton, phone);
    const sent = await ui.waitForReplyContaining(enrolment.phone.codeTitle);
    await ui.screenshot('enrolment-sms-2-code-sent', sent);
    const text = await sent.innerText();
    expect(text).toContain('text message');
    expect(text).not.toContain('123456'); // the number is masked
  });

  it('when Alex types the texted code, then the practice card (no Graph here) confirms the practice run of text message codes', async () => {
    const { ui, bot } = session;
    const code = await codeTextedTo(bot.dataDir, '+447400123456');
    await ui.sendMessage(`${code.slice(0, 3)} ${code.slice(3)}`);
    const done = await ui.waitForReplyContaining(enrolment.practice.doneTitle);
    await ui.screenshot('enrolment-sms-3-done', done);
    const text = await done.innerText();
    expect(text).toContain(enrolment.practice.doneBody(enrolment.done.methodNames.SMS));
    expect(text).toContain(enrolment.practice.banner);
    expect(text).not.toContain(enrolment.done.title);
  });
});
