import { enrolment } from '../../src/strings';
import { codeTextedTo } from './support/sms-outbox';
import { ALEX, docsScreenshot, startEntraSession, type EntraE2eSession } from './support/entra-session';
import { walkToInstallStep } from './support/enrolment-walk';

jest.setTimeout(240_000);

const { answers } = enrolment;
const MOBILE = '07400 123456';

describe('path 3: a phone number proved by a code and written to Entra (Graph stub), in the Agents Playground', () => {
  let session: EntraE2eSession;

  beforeAll(async () => {
    session = await startEntraSession('enrolment-entra-phone');
    await session.ui.waitForBotMessages(1, 60_000);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex chooses a text instead and types a UK mobile, then a code is texted', async () => {
    const { ui } = session;
    const install = await walkToInstallStep(ui);
    await ui.clickCardButton(answers.usePhone.title, install);
    const phone = await ui.waitForReplyContaining(enrolment.phone.title, 60_000);
    await phone.getByRole('radio', { name: answers.sms.title }).check();
    await phone.locator('input[type="tel"]').fill(MOBILE);
    await ui.clickCardButton(enrolment.phone.sendButton, phone);
    const sent = await ui.waitForReplyContaining(enrolment.phone.codeTitle, 60_000);
    await docsScreenshot(ui, 'entra-phone-1-code-sent', sent);
    expect(await sent.innerText()).not.toContain('123456');
  });

  it('when Alex types the code, then the number is added in Entra, read back, and only then done', async () => {
    const { ui, bot, graph } = session;
    const code = await codeTextedTo(bot.dataDir, '+447400123456');
    graph.visibleAfterReads = 1; // written, then shown by Entra on a later read
    await ui.sendMessage(code);
    const done = await ui.waitForReplyContaining(enrolment.done.title, 60_000);
    await docsScreenshot(ui, 'entra-phone-2-done', done);
    expect(await done.innerText()).toContain(enrolment.entra.registered('text message codes'));
    expect(graph.methodsOf(ALEX.aadObjectId)).toEqual([
      expect.objectContaining({ phoneNumber: '+44 7400123456', phoneType: 'mobile' }),
    ]);
    const calls = graph.requests.filter((r) =>
      r.path.startsWith(`/users/${ALEX.aadObjectId}/authentication/`),
    );
    const write = calls.findIndex((r) => r.method === 'POST' && r.path.endsWith('/phoneMethods'));
    expect(write).toBeGreaterThanOrEqual(0);
    expect(calls.slice(write + 1).some((r) => r.method === 'GET')).toBe(true);
    expect((await bot.app.services.staff.findByAadObjectId(ALEX.aadObjectId))?.methods).toEqual(['SMS']);
  });
});
