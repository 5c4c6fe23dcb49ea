import type { Activity, Attachment, TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createCampaignFeature } from '../../../src/bot/features/campaign-feature';
import type { Feature, TurnRequest } from '../../../src/bot/feature';
import { DEFAULT_OFFSETS_DAYS, DEFAULT_SENDING_WINDOW } from '../../../src/domain/campaign-schedule';
import type { StaffMember } from '../../../src/domain/staff';
import { CampaignHarness, MutableClock, TZ, adminOf, globalAdmin } from './support/campaign-harness';

type Sent = Partial<Activity> | string;

function request(staff: StaffMember, sent: Sent[], text = ''): TurnRequest {
  const turn = {
    activity: { type: 'message', from: { id: '29:viewer', name: 'Viewer' } },
    sendActivity: async (a: Sent) => {
      sent.push(a);
      return { id: String(sent.length) };
    },
  } as unknown as TurnContext;
  return { turn, staff, text, dialogs: {} as DialogContext };
}

const cardOf = (s: Sent | undefined): Record<string, unknown> =>
  ((s as Partial<Activity>).attachments?.[0] as Attachment).content as Record<string, unknown>;
const textOf = (s: Sent | undefined): string => (typeof s === 'string' ? s : String(s?.text));

describe('campaign admin commands in chat', () => {
  let h: CampaignHarness;
  let feature: Feature;
  let sent: Sent[];

  const command = (staff: StaffMember, args: string) =>
    feature.commands?.[0]?.run(request(staff, sent, `campaign ${args}`), args);
  const action = (staff: StaffMember, name: string, data: unknown) =>
    feature.actions?.find((a) => a.action === name)?.handle(request(staff, sent), data);
  const form = {
    action: 'campaign.create',
    name: 'December deadline',
    deadlineDate: '2026-12-01',
    deadlineTime: '17:00',
    organisations: '',
    orgUnits: '',
    offsets: '14,7,3,1,0',
    windowStart: '09:00',
    windowEnd: '17:00',
    days: '1,2,3,4,5',
  };

  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
    feature = createCampaignFeature({
      admin: h.admin,
      snoozes: h.snoozes,
      clock: h.clock,
      timezone: TZ,
      defaults: { offsetsDays: [...DEFAULT_OFFSETS_DAYS], sendWindow: DEFAULT_SENDING_WINDOW },
      deadline: new Date('2026-12-01T17:00:00Z'),
    });
    sent = [];
    for (let i = 0; i < 3; i++) await h.addPerson({ id: `a${i}`, organisation: 'Trust A' });
    await h.addPerson({ id: 'b0', organisation: 'Trust B' });
  });
  afterEach(async () => h.close());

  it('when an admin types "campaign create", then the form card comes back pre-filled', async () => {
    await command(globalAdmin(), 'create');
    const card = JSON.stringify(cardOf(sent[0]));
    expect(card).toContain('"id":"deadlineDate"');
    expect(card).toContain('"value":"2026-12-01"');
    expect(card).toContain('"action":"campaign.create"');
  });

  it('when the form is submitted, then a draft campaign exists with the deadline in local time', async () => {
    await action(globalAdmin(), 'campaign.create', form);
    expect(textOf(sent[0])).toContain('saved as a draft');
    const c = await h.campaigns.findByName('december deadline');
    expect(c).toMatchObject({
      state: 'draft',
      deadline: new Date('2026-12-01T17:00:00Z'),
      offsetsDays: [14, 7, 3, 1, 0],
    });
    await action(globalAdmin(), 'campaign.create', form);
    expect(textOf(sent[1])).toContain('already a campaign called');
  });

  it('when the form has a bad time or sending window, then it says what is wrong and saves nothing', async () => {
    await action(globalAdmin(), 'campaign.create', { ...form, deadlineTime: 'noon' });
    await action(globalAdmin(), 'campaign.create', { ...form, windowStart: '18:00' });
    expect(textOf(sent[0])).toContain('deadline date or time');
    expect(textOf(sent[1])).toContain('the end time must be later than the start time');
    expect(await h.campaigns.list()).toEqual([]);
  });

  it('when a reminder time has already passed, then the preview lists it as going out at once, in words, and the status counts the audience right after start', async () => {
    h.clock.set(new Date('2026-11-18T08:00:00Z')); // the 14-day reminder (17 Nov, 09:00) has passed
    await action(globalAdmin(), 'campaign.create', form);
    await command(globalAdmin(), 'preview December deadline');
    const preview = JSON.stringify(cardOf(sent[1]));
    expect(preview).toContain(
      '14 days before the deadline: its time (Tuesday 17 November 2026 at 09:00) has passed, so it goes out at once when you start',
    );
    expect(preview).toContain('7 days before the deadline: Tuesday 24 November 2026 at 09:00');
    expect(preview).not.toMatch(/\bd(14|7|3|1|0)\b/);
    await command(globalAdmin(), 'start December deadline');
    await command(globalAdmin(), 'status December deadline');
    const status = JSON.stringify(cardOf(sent[3]));
    expect(status).toContain(
      '"text":"Trust A","weight":"Bolder","wrap":true},{"type":"FactSet","facts":[{"title":"Targeted","value":"3"}',
    );
    expect(status).toContain(
      '"text":"All organisations","weight":"Bolder","wrap":true},{"type":"FactSet","facts":[{"title":"Targeted","value":"4"}',
    );
  });

  it('when previewed, started, started again and checked, then each answer says what happened', async () => {
    await action(globalAdmin(), 'campaign.create', form);
    await command(globalAdmin(), 'preview December deadline');
    const preview = JSON.stringify(cardOf(sent[1]));
    expect(preview).toContain('"title":"Trust A","value":"3"');
    expect(preview).toContain('4 people would get it.');
    await command(globalAdmin(), 'start December deadline');
    expect(textOf(sent[2])).toContain('is running');
    await command(globalAdmin(), 'start December deadline');
    expect(textOf(sent[3])).toContain("is running, so it can't start now");
    h.clock.set(new Date('2026-11-17T10:00:00Z'));
    await h.planner.planDue();
    await h.dispatcher('w1').drainOnce();
    await h.enrol('a0');
    await command(globalAdmin(), 'status December deadline');
    const status = JSON.stringify(cardOf(sent[4]));
    // Per organisation a FactSet (it reads at Teams' card width; an 8-column table broke its headers).
    expect(status).toContain(
      '"text":"Trust A","weight":"Bolder","wrap":true},{"type":"FactSet","facts":[{"title":"Targeted","value":"3"},{"title":"Reachable in Teams","value":"3"},{"title":"Reminded in Teams","value":"3"},{"title":"Opened (pressed a button)","value":"1"},{"title":"Started","value":"1"},{"title":"Registered (Entra)","value":"1"}',
    );
    expect(status).not.toContain('"type":"ColumnSet"');
    expect(status).toContain('Enrolled people in the audience, by day');
    await command(globalAdmin(), 'resend December deadline');
    expect(textOf(sent[5])).toBe(
      'Everyone the reminder 14 days before the deadline of campaign "December deadline" was meant for has been reached: nothing to resend.',
    );
    // Teams draws a bar chart of enrolment over time; hosts without Teams charts show the text bars instead.
    const chart = JSON.stringify(cardOf(sent[4])).match(
      /\{"type":"Chart\.VerticalBar".*?"data":(\[[^\]]*\])/,
    );
    const bars = (chart ? JSON.parse(chart[1]) : []) as { x: string; y: number }[];
    expect(bars.at(0)).toEqual({ x: '10 Nov', y: 0 });
    expect(bars.at(-1)).toEqual({ x: '17 Nov', y: 1 });
    expect(status).toMatch(/"fallback":\{"type":"Container","items":\[.*"text":"17 Nov █+ 1"/);
    expect(status).toContain('"verb":"campaign.refresh"');

    // The Refresh button (a Universal Action invoke) returns the card with the latest numbers.
    await h.enrol('a1');
    const invoke = request(globalAdmin(), sent);
    (invoke.turn as unknown as { activity: Partial<Activity> }).activity = {
      type: 'invoke',
      from: { id: '29:admin', name: 'Admin' },
    };
    const refreshed = await feature.actions
      ?.find((a) => a.action === 'campaign.refresh')
      ?.handle(invoke, { name: 'December deadline' });
    const card = JSON.stringify((refreshed as { card: unknown }).card);
    expect(card).toMatch(/17 Nov █+ 2/);
    expect(card).toContain('"userIds":["29:admin"]');
  });

  it('when a local admin of another organisation asks about a campaign, then it is as if it did not exist', async () => {
    await action(adminOf('localAdmin', 'Trust A'), 'campaign.create', form);
    await command(adminOf('localAdmin', 'Trust B'), 'status December deadline');
    expect(textOf(sent[1])).toBe('I can\'t find a campaign called "December deadline" that you can see.');
    await command(adminOf('localAdmin', 'Trust A'), 'list');
    expect(textOf(sent[2])).toContain('**December deadline**: draft');
  });

  it('when the verb is unknown or the name is missing, then the usage is shown', async () => {
    await command(globalAdmin(), 'explode');
    await command(globalAdmin(), 'status');
    expect(textOf(sent[0])).toContain('campaign preview <name>');
    expect(textOf(sent[1])).toContain('Which campaign?');
  });

  it.each(['__proto__', 'constructor x', 'toString', 'hasOwnProperty y', '__defineGetter__ z', 'valueOf'])(
    'when the verb is an inherited property name ("campaign %s"), then the usage is shown and nothing runs',
    async (args) => {
      await expect(command(globalAdmin(), args)).resolves.not.toThrow();
      expect(sent).toHaveLength(1);
      expect(textOf(sent[0])).toContain('campaign preview <name>');
    },
  );

  it('when a reminder\'s "Remind me tomorrow" is pressed, then the person hears when it will come back', async () => {
    await action(globalAdmin(), 'campaign.create', form);
    await command(globalAdmin(), 'start December deadline');
    const c = await h.campaigns.findByName('December deadline');
    const person = (await h.staff.findByAadObjectId('a1')) as StaffMember;
    await action(person, 'campaign.snooze', { action: 'campaign.snooze', campaignId: c?.id });
    expect(textOf(sent[2])).toBe("OK, I'll remind you on Wednesday 11 November 2026 at 09:00.");
    await action(person, 'campaign.snooze', { action: 'campaign.snooze', campaignId: { $ne: '' } });
    expect(textOf(sent[3])).toContain("button's data didn't look right");
  });
});
