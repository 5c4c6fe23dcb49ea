import { reminderCardData } from '../../../src/bot/features/campaigns/reminder-card';
import type { Campaign } from '../../../src/domain/campaign';
import { DEFAULT_SENDING_WINDOW } from '../../../src/domain/campaign-schedule';
import { renderCardJson } from '../../../src/cards/render';
import { adminOf } from './support/campaign-harness';

const campaign: Campaign = {
  id: 'c-1',
  name: 'December deadline',
  nameKey: 'december deadline',
  deadline: new Date('2026-12-01T17:00:00Z'),
  audience: { organisations: [], orgUnits: [], statuses: [] },
  offsetsDays: [14, 7, 3, 1, 0],
  sendWindow: DEFAULT_SENDING_WINDOW,
  state: 'running',
  createdBy: 'admin',
  createdAt: new Date('2026-11-01T00:00:00Z'),
  updatedAt: new Date('2026-11-01T00:00:00Z'),
  planned: [],
  version: 1,
};
const settings = { timezone: 'Europe/London', organisationName: 'Example NHS Trust' };
const person = (step: string) => ({ ...adminOf('staff', 'Trust A', 'p1'), methods: [], enrolment: { step } });

describe('the reminder card', () => {
  it('when someone has not started, a week before, then it shows the deadline and all three buttons', () => {
    const data = reminderCardData(
      {
        campaign,
        staff: person('not-started'),
        reminder: 'd7',
        snoozesUsed: 0,
        now: new Date('2026-11-24T09:00:00Z'),
      },
      settings,
    );
    expect(data.deadlineText).toContain('**Tuesday 1 December 2026 at 17:00**');
    expect(data.stepText).toContain("haven't started");
    const card = renderCardJson('campaign-reminder', data, { strict: true });
    const actions = card.actions as { title: string; data: Record<string, unknown> }[];
    expect(actions.map((a) => a.data)).toEqual([
      { action: 'enrolment.start', source: 'campaign' },
      { action: 'campaign.snooze', campaignId: 'c-1' },
      { action: 'enrolment.no-device' },
    ]);
  });

  it('when someone is part way through, then the card says which step they are on', () => {
    const data = reminderCardData(
      {
        campaign,
        staff: person('install'),
        reminder: 'd3',
        snoozesUsed: 1,
        now: new Date('2026-11-30T09:00:00Z'),
      },
      settings,
    );
    expect(data.stepText).toBe("You're part way through: step 3 of 4. Pick up where you left off.");
    expect(data.snoozeText).toBe('You can ask me to remind you tomorrow 2 more times.');
  });

  it('when it is the deadline day, then it says so and offers no snooze', () => {
    const data = reminderCardData(
      {
        campaign,
        staff: person('not-started'),
        reminder: 'd0',
        snoozesUsed: 0,
        now: new Date('2026-12-01T09:00:00Z'),
      },
      settings,
    );
    expect(data.deadlineText).toContain('Today is the deadline');
    expect(data.hasSnooze).toBe(false);
  });

  it('when all three snoozes are used, then "Remind me tomorrow" is not offered', () => {
    const data = reminderCardData(
      {
        campaign,
        staff: person('why'),
        reminder: 'd7',
        snoozesUsed: 3,
        now: new Date('2026-11-24T09:00:00Z'),
      },
      settings,
    );
    expect(data.hasSnooze).toBe(false);
    const card = renderCardJson('campaign-reminder', data, { strict: true });
    expect((card.actions as { title: string }[]).map((a) => a.title)).toEqual([
      'Start now',
      "I don't have a phone",
    ]);
  });
});
