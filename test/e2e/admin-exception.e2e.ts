import { admin } from '../../src/strings';
import { startE2eSession, type E2eSession } from './support/e2e-session';
import { ShiftedClock } from './support/shifted-clock';

jest.setTimeout(180_000);

/** A member of staff in test/fixtures/staff.csv, with no MFA set up. */
const UPN = 'isaiah@example.com';
const NAME = 'Isaiah Langer';
const EXCEPTION_STATUS = 'MFA 24 Hour Exception';
const HOUR_MS = 3_600_000;

describe('an admin grants a 24-hour exception, and it ends a day later, in the Agents Playground', () => {
  const clock = new ShiftedClock();
  let session: E2eSession;

  beforeAll(async () => {
    session = await startE2eSession('admin-exception', { clock });
    await session.ui.waitForBotMessages(1);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('when Alex (a global admin) grants Isaiah a 24h exception, then status shows "MFA 24 Hour Exception"', async () => {
    const { ui } = session;
    await ui.sendMessage(`exception 24h ${UPN} reason "Phone lost on holiday, new one arrives tomorrow"`);
    const granted = await ui.waitForReplyContaining(`${NAME} has a 24-hour exception until`);
    await ui.screenshot('admin-exception-1-granted', granted);

    await ui.sendMessage(`status ${UPN}`);
    const status = await ui.waitForReplyContaining(admin.card.statusTitle(NAME));
    await ui.screenshot('admin-exception-2-status', status);
    expect(await status.innerText()).toContain(EXCEPTION_STATUS);
  });

  it('when 24 hours have passed and the sweeper runs, then Alex is told it ended and status no longer shows it', async () => {
    const { ui, bot } = session;
    clock.advance(24 * HOUR_MS + 60_000);
    const swept = await bot.app.modules.admin.sweeper.sweepOnce();
    expect(swept).toMatchObject({ ran: true, expired: 1 });
    const told = await ui.waitForReplyContaining(`The 24-hour exception you gave ${NAME} ended`);
    await ui.screenshot('admin-exception-3-ended', told);

    await ui.sendMessage(`status ${UPN}`);
    const status = await ui.waitForReplyContaining(admin.card.statusTitle(NAME));
    await ui.screenshot('admin-exception-4-status-after', status);
    const text = await status.innerText();
    expect(text).not.toContain(EXCEPTION_STATUS);
    expect(text).toContain(`${admin.card.facts.exception}\n\n${admin.card.none}`);
  });
});
