import type { Command, Feature } from '../../../src/bot/feature';
import { createMyStatusFeature } from '../../../src/bot/features/my-status-feature';
import { myStatusView } from '../../../src/bot/features/my-status-view';
import type { StaffMember } from '../../../src/domain/staff';
import { myStatus as t } from '../../../src/strings/teams-app';
import { createHarness, message, type Harness } from './support/bot-harness';

const NOW = new Date('2026-11-02T09:00:00Z');
const DEADLINE = new Date('2026-12-01T17:00:00Z');

function person(overrides: Partial<StaffMember> = {}): StaffMember {
  return {
    aadObjectId: 'a1',
    upn: 'asha.patel@example.org',
    displayName: 'Asha Patel',
    organisation: 'Org A',
    orgUnit: 'Ward 3',
    role: 'staff',
    atp: false,
    mfa: { enabled: true, by: 'default' },
    compromised: false,
    mfaStatus: 'Admin Enabled',
    methods: [],
    enrolment: { step: 'not-started' },
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...overrides,
  };
}

const ctx = {
  now: NOW,
  deadline: DEADLINE,
  timezone: 'Europe/London',
  setUpPhrase: 'set up',
  askPhrase: 'ask',
};
const texts = (items: { text: string }[]) => items.map((i) => i.text);

describe('my status, as a view', () => {
  it('when someone has not started, then what is left is setting up, with the deadline and a Set up now button', () => {
    const view = myStatusView(person(), ctx);
    expect(view.title).toBe('Your MFA status, Asha');
    expect(view.done).toEqual([]);
    expect(texts(view.left)).toEqual([t.left.setUp]);
    expect(view.deadline).toBe('Please have MFA set up by 1 December 2026 at 17:00.');
    expect(view.buttons.map((b) => b.phrase)).toEqual(['set up', 'ask']);
  });

  it('when someone is half way through, then they are told which step they reached', () => {
    const view = myStatusView(person({ enrolment: { step: 'install' } }), ctx);
    expect(texts(view.left)).toEqual([t.left.carryOn(3, 4)]);
  });

  it('when someone has set up MFA, then the methods are listed as done and nothing is left', () => {
    const view = myStatusView(
      person({ methods: ['PhoneAppNotification', 'SMS'], mfaStatus: 'User Enabled' }),
      ctx,
    );
    expect(texts(view.done)).toEqual([
      t.done.enrolled,
      'You can sign in with: Microsoft Authenticator notifications and text message codes.',
    ]);
    expect(texts(view.left)).toEqual([t.left.nothing]);
    expect(view.deadline).toBe('');
    expect(view.buttons.map((b) => b.title)).toEqual([t.askButton]);
    expect(view.speak).toBe(t.speakDone('Asha'));
  });

  it('when someone has an exception, then its end is shown in the time zone, and setting up is still left', () => {
    const exception = {
      kind: '24h' as const,
      grantedAt: NOW,
      expiresAt: new Date('2026-11-03T09:00:00Z'),
      reason: 'lost phone',
      grantedBy: 'admin1',
    };
    const view = myStatusView(person({ exception, mfaStatus: 'MFA 24 Hour Exception' }), ctx);
    expect(texts(view.done)).toEqual(['You have an exception until 3 November 2026 at 09:00.']);
    expect(texts(view.left)).toEqual([t.left.afterException]);
  });

  it('when the deadline is in British Summer Time, then the local time is shown', () => {
    const view = myStatusView(person(), {
      ...ctx,
      now: new Date('2026-06-01T08:00:00Z'),
      deadline: new Date('2026-07-01T16:00:00Z'),
    });
    expect(view.deadline).toContain('1 July 2026 at 17:00');
  });

  it('when the deadline has passed, then it says so', () => {
    const view = myStatusView(person(), { ...ctx, now: new Date('2026-12-02T09:00:00Z') });
    expect(view.deadline).toBe(t.deadlinePassed('1 December 2026 at 17:00'));
  });

  it('when no deadline is configured, then no deadline fact is shown', () => {
    const view = myStatusView(person(), { ...ctx, deadline: undefined });
    expect(view.facts.map((f) => f.title)).toEqual([t.statusLabel, t.methodsLabel, t.checkedLabel]);
    expect(view.deadline).toBe(t.noDeadline);
  });
});

describe('my status, in a chat', () => {
  let h: Harness;
  const setUp: Command = {
    id: 'enrol',
    phrases: ['set up'],
    usage: 'set up',
    description: 'Set up MFA',
    audience: 'staff',
    welcomeButton: 'setUp',
    run: async () => undefined,
  };

  beforeEach(async () => {
    h = await createHarness({
      features: () => {
        const features: Feature[] = [{ name: 'enrolment', commands: [setUp] }];
        features.push(
          createMyStatusFeature({
            clock: { now: () => h.clock.now() },
            config: { timezone: 'Europe/London', deadline: DEADLINE },
            commands: () => features.flatMap((f) => f.commands ?? []),
          }),
        );
        return features;
      },
    });
    await h.addPerson('staff1', 'staff', 'Asha Patel');
    await h.send(message('hello', 'staff1'));
  });
  afterEach(() => h.close());

  it('when a member of staff types "my status", then a card shows their status, what is left and the deadline', async () => {
    const { activities } = await h.send(message('My status', 'staff1'));
    const card = activities[0].attachments?.[0]?.content as Record<string, unknown>;
    const json = JSON.stringify(card);
    expect(json).toContain('Your MFA status, Asha');
    expect(json).toContain('Admin Enabled');
    expect(json).toContain('1 December 2026 at 17:00');
    expect(json).toContain('"data":{"action":"command.run","command":"set up"}');
  });

  it('when the card is sent, then Teams is asked to refresh it for this person when they open the chat', async () => {
    const { activities } = await h.send(message('my status', 'staff1'));
    const card = activities[0].attachments?.[0]?.content as {
      refresh: { action: { verb: string }; userIds: string[] };
    };
    expect(card.refresh.action.verb).toBe('my-status.refresh');
    expect(card.refresh.userIds).toEqual(['29:staff1']);
  });

  it('when the person sets up MFA and the card is refreshed, then the same card updates in place to say it is done', async () => {
    const before = await h.staff.findByAadObjectId('staff1');
    await h.staff.update('staff1', before!.version, { methods: ['PhoneAppNotification'] }, h.clock.now());
    const { status, body } = await h.send({
      ...message('', 'staff1'),
      type: 'invoke',
      name: 'adaptiveCard/action',
      deliveryMode: undefined,
      value: { action: { type: 'Action.Execute', verb: 'my-status.refresh', data: {} } },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = JSON.stringify((body as { value: unknown }).value);
    expect(card).toContain(t.done.enrolled);
    expect(card).toContain('Microsoft Authenticator notifications');
    expect(card).not.toContain(t.left.setUp);
  });
});
