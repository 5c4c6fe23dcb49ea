import type { Locator } from 'playwright-core';
import { enrolment } from '../../../src/strings';
import type { PlaygroundPage } from './playground-page';

/**
 * Starts the guided set-up in the Playground ("set up", then "Let's start" and a work phone) and returns the
 * install step's card, where the enrolment paths part ways.
 */
export async function walkToInstallStep(ui: PlaygroundPage, timeoutMs = 60_000): Promise<Locator> {
  const { answers } = enrolment;
  await ui.sendMessage('set up');
  const why = await ui.waitForReplyContaining(enrolment.why.title, timeoutMs);
  await ui.clickCardButton(answers.start.title, why);
  const device = await ui.waitForReplyContaining(enrolment.device.title, timeoutMs);
  await ui.clickCardButton(answers.work.title, device);
  return ui.waitForReplyContaining(enrolment.install.title, timeoutMs);
}
