import { enrolment } from '../../src/strings';
import * as admin from '../../src/strings/admin';
import { startE2eSession, type E2eSession } from './support/e2e-session';

jest.setTimeout(180_000);

const { answers, inPlace } = enrolment;

/** Waits until the message (a card that was pressed) reads `text`: Universal Actions replace it in place. */
async function waitUntilReads(message: { innerText(): Promise<string> }, text: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = await message.innerText();
    if (now.includes(text) || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('cards update in place in the Agents Playground', () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await startE2eSession('step-card-in-place');
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex presses the step buttons, then each pressed card turns into "Done: <choice>" and the next step arrives', async () => {
    const { ui } = session;
    await ui.waitForBotMessages(1);
    await ui.sendMessage('set up');
    const why = await ui.waitForReplyContaining(enrolment.why.title);
    await ui.clickCardButton(answers.start.title, why);
    const device = await ui.waitForReplyContaining(enrolment.device.title);
    expect(await waitUntilReads(why, inPlace.done(answers.start.title))).toContain(
      inPlace.done(answers.start.title),
    );
    await ui.clickCardButton(answers.work.title, device);
    const install = await ui.waitForReplyContaining(enrolment.install.title);
    expect(await waitUntilReads(device, inPlace.done(answers.work.title))).toContain(
      inPlace.done(answers.work.title),
    );
    await ui.screenshot('step-card-in-place-1-done', device);
    expect(await install.innerText()).toContain(answers.installed.title);
  });

  it('when Alex (an admin) confirms a bulk change, then the preview card shows who confirmed it', async () => {
    const { ui } = session;
    await ui.sendMessage('cancel'); // pause the enrolment above, so the next message is a command
    await ui.waitForReplyContaining("I've paused here");
    await ui.sendMessage('bulk enable isaiah@example.com');
    const preview = await ui.waitForReplyContaining(admin.card.bulkTitle('enable'));
    await ui.clickCardButton(admin.card.confirm, preview);
    await ui.waitForReplyContaining(admin.card.summaryTitle('enable'));
    const confirmed = await waitUntilReads(preview, 'Confirmed by Alex Wilber at ');
    await ui.screenshot('step-card-in-place-2-confirmed', preview);
    expect(confirmed).toContain('Confirmed by Alex Wilber at ');
    expect(confirmed).not.toContain(admin.card.cancel);
  });
});
