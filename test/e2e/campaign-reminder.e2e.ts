import { campaigns, enrolment } from '../../src/strings';
import { startE2eSession, type E2eSession } from './support/e2e-session';

jest.setTimeout(240_000);

/** "YYYY-MM-DD" of the day after today in Europe/London. */
function tomorrowInLondon(): string {
  const t = new Date(Date.now() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(t);
}

/**
 * Runs in the page (a string: the tests are compiled without the DOM library): true when the element's widest
 * word is wider than the element, so the renderer had to break inside a word ("Orga nisati on").
 */
const BROKEN_MID_WORD = `(el) => {
  const probe = document.createElement('span');
  probe.style.font = getComputedStyle(el).font;
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  document.body.appendChild(probe);
  const widest = Math.max(...(el.textContent || '').split(/\\s+/).map((w) => {
    probe.textContent = w;
    return probe.getBoundingClientRect().width;
  }));
  probe.remove();
  return widest > el.getBoundingClientRect().width + 1;
}`;

describe('a reminder campaign in the Agents Playground', () => {
  let session: E2eSession;

  beforeAll(async () => {
    // Send at any hour on any day, check for due reminders every second; the deadline is tomorrow, so the
    // "1 day before" reminder is due now.
    session = await startE2eSession('campaign-reminder', {
      env: {
        CAMPAIGN_WORKER_INTERVAL_MS: '1000',
        CAMPAIGN_SEND_WINDOW: '00:00-23:59',
        CAMPAIGN_SEND_DAYS: '1,2,3,4,5,6,7',
        CAMPAIGN_REMINDER_OFFSETS: '1',
        MFA_DEADLINE: `${tomorrowInLondon()}T17:00:00Z`,
      },
    });
    await session.ui.waitForBotMessages(1);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex (a global admin) fills in the campaign form, then a draft is saved', async () => {
    const { ui } = session;
    await ui.sendMessage('campaign create');
    const form = await ui.waitForReplyContaining(campaigns.admin.form.title);
    // Deadline, reminder days and sending window come pre-filled from the settings above; name it.
    await form.locator('input').first().fill('E2E reminders');
    await ui.screenshot('campaign-1-form', form);
    await ui.clickCardButton(campaigns.admin.form.save, form);
    await ui.waitForReplyContaining('saved as a draft');
  });

  it('when the campaign starts, then the reminder card arrives proactively', async () => {
    const { ui } = session;
    await ui.sendMessage('campaign start E2E reminders');
    await ui.waitForReplyContaining('is running');
    const card = await ui.waitForReplyContaining(campaigns.reminder.snooze, 30_000);
    await ui.screenshot('campaign-2-reminder', card);
    expect(await card.innerText()).toContain(campaigns.reminder.startNow);
  });

  it('when Alex presses "Start now", then enrolment begins', async () => {
    const { ui } = session;
    await ui.clickCardButton(campaigns.reminder.startNow);
    const step = await ui.waitForReplyContaining(enrolment.answers.start.title);
    await ui.screenshot('campaign-3-start-now', step);
  });

  it('when Alex asks for the status, then the reach of each organisation reads as whole words at Teams card width', async () => {
    const { ui } = session;
    // Alex is in the guided set-up since "Start now": pause it first (commands typed inside it are its input).
    await ui.sendMessage('cancel');
    await ui.waitForReplyContaining("I've paused here");
    await ui.sendMessage('campaign status E2E reminders');
    const card = await ui.waitForReplyContaining(campaigns.admin.status.facts.targeted);
    await ui.screenshot('campaign-4-status', card);
    const labels = [
      campaigns.admin.status.facts.targeted,
      campaigns.admin.status.facts.reachable,
      campaigns.admin.status.facts.sent,
      campaigns.admin.status.facts.opened,
      campaigns.admin.status.facts.registered,
      campaigns.admin.status.facts.unreachable,
    ];
    const broken: string[] = [];
    for (const label of labels) {
      const title = card.getByText(label, { exact: true }).first();
      if ((await title.evaluate(BROKEN_MID_WORD)) === true) broken.push(label);
    }
    expect(broken).toEqual([]);
  });
});
