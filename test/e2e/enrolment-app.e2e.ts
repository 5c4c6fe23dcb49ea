import { generateSync } from 'otplib';
import { enrolment } from '../../src/strings';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../../src/services/totp/totp-service';
import { startE2eSession, type E2eSession } from './support/e2e-session';

jest.setTimeout(180_000);

const { answers } = enrolment;

/** The code Microsoft Authenticator would show now for `manualKey` ("ABCD EFGH ..."): SHA-1, 6 digits, 30 s. */
function authenticatorCode(manualKey: string): string {
  return generateSync({
    secret: manualKey.replace(/\s+/g, ''),
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    epoch: Math.floor(Date.now() / 1000),
  });
}

describe('enrolment with Microsoft Authenticator in the Agents Playground', () => {
  let session: E2eSession;
  let manualKey = '';

  beforeAll(async () => {
    session = await startE2eSession('enrolment-app');
    await session.ui.waitForBotMessages(1);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex types "set up" and presses Let\'s start, Work phone and I\'ve installed it, then the register card shows a QR code and a key', async () => {
    const { ui } = session;
    await ui.sendMessage('set up');
    const why = await ui.waitForReplyContaining(enrolment.why.title);
    await ui.screenshot('enrolment-app-1-why', why);

    await ui.clickCardButton(answers.start.title, why);
    const device = await ui.waitForReplyContaining(enrolment.device.title);
    await ui.screenshot('enrolment-app-2-device', device);

    await ui.clickCardButton(answers.work.title, device);
    const install = await ui.waitForReplyContaining(enrolment.install.title);
    await ui.screenshot('enrolment-app-3-install', install);

    await ui.clickCardButton(answers.installed.title, install);
    const register = await ui.waitForReplyContaining(enrolment.register.title);
    await register.locator('img').first().waitFor({ state: 'visible' });
    manualKey =
      (await register.locator('.ac-textBlock').allInnerTexts())
        .map((t) => t.trim())
        .find((t) => /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(t)) ?? '';
    await ui.screenshot('enrolment-app-4-register', register);
    expect(manualKey.replace(/\s/g, '')).toHaveLength(32);
  });

  it('when Alex types the code the app shows, then the practice card (no Graph here) confirms the practice run of Microsoft Authenticator', async () => {
    const { ui } = session;
    await ui.sendMessage(authenticatorCode(manualKey));
    const done = await ui.waitForReplyContaining(enrolment.practice.doneTitle);
    await ui.screenshot('enrolment-app-5-done', done);
    const text = await done.innerText();
    expect(text).toContain(enrolment.practice.doneBody(enrolment.done.methodNames.SoftwareOTP));
    expect(text).toContain(enrolment.practice.banner);
    expect(text).not.toContain(enrolment.done.title);
  });
});
