import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { CampaignWorker } from '../../../src/services/campaigns/campaign-worker';
import type { StaffRepository } from '../../../src/ports/staff-repository';
import { CampaignHarness, MutableClock, adminOf, globalAdmin } from './support/campaign-harness';
import { runningCampaign } from './support/exactly-once-scenarios';

jest.setTimeout(60_000);

const DEADLINE = new Date('2026-12-01T17:00:00Z'); // Tuesday
const D14 = new Date('2026-11-17T10:00:00Z');
const D7 = new Date('2026-11-24T10:00:00Z');

describe('campaign delivery through the outbox to a stub Bot Connector', () => {
  let h: CampaignHarness;

  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
  });
  afterEach(async () => h.close());

  async function people(): Promise<void> {
    for (let i = 0; i < 24; i++)
      await h.addPerson({ id: `a${i}`, organisation: i % 2 ? 'Trust A' : 'Trust B' });
    await h.addPerson({ id: 'enrolled', organisation: 'Trust A', enrolled: true });
    await h.addPerson({ id: 'excepted', organisation: 'Trust A', exception: true });
    await h.addPerson({ id: 'noref1', organisation: 'Trust A', reference: false });
    await h.addPerson({ id: 'noref2', organisation: 'Trust B', reference: false });
    await h.addPerson({ id: 'blocked', organisation: 'Trust B' });
    await h.addPerson({ id: 'gone', organisation: 'Trust A' });
    await h.addPerson({ id: 'la-a', organisation: 'Trust A', role: 'localAdmin', enrolled: true });
  }

  it('when faults are injected, then every eligible person gets each reminder exactly once and nothing is lost', async () => {
    await people();
    // 429 with Retry-After on two people, 503 and 502 on others, 403 and 404 for two.
    h.stub.addRule({
      match: (r) => r.conversationId === h.conversationOf('a1') && r.attempt === 1,
      status: 429,
      retryAfterSeconds: 1,
    });
    h.stub.addRule({
      match: (r) => r.conversationId === h.conversationOf('a2') && r.attempt === 1,
      status: 429,
      retryAfterSeconds: 1,
    });
    h.stub.addRule({
      match: (r) => r.conversationId === h.conversationOf('a3') && r.attempt <= 2,
      status: 503,
    });
    h.stub.addRule({
      match: (r) => r.conversationId === h.conversationOf('a4') && r.attempt === 1,
      status: 502,
    });
    h.stub.addRule({ match: (r) => r.conversationId === h.conversationOf('a5'), status: 500, times: 1 });
    h.stub.addRule({ match: (r) => r.conversationId === h.conversationOf('blocked'), status: 403 });
    h.stub.addRule({ match: (r) => r.conversationId === h.conversationOf('gone'), status: 404 });

    const c = await h.admin.create(globalAdmin(), {
      name: 'December deadline',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    const worker = new CampaignWorker(h.planner, h.dispatcher('w1'), 1_000);

    await worker.tick(); // 10 Nov: nothing is due yet
    expect(h.stub.requests).toHaveLength(0);

    h.clock.set(D14);
    await worker.tick();
    const records = await h.records(c.id);
    const byState = (state: string): string[] =>
      records
        .filter((r) => r.state === state)
        .map((r) => r.aadObjectId)
        .sort();
    // enrolled, excepted and the enrolled local admin are never targeted
    expect(records.map((r) => r.aadObjectId)).not.toEqual(expect.arrayContaining(['enrolled']));
    expect(records).toHaveLength(24 + 4);
    expect(byState('no-reference')).toEqual(['noref1', 'noref2']);
    expect(byState('unreachable')).toEqual(['blocked', 'gone']);
    expect(byState('failed')).toEqual(['a5']); // 500 is not retryable
    expect(byState('sent')).toHaveLength(23);
    expect(records.every((r) => r.reminder === 'd14')).toBe(true);
    const deliveries = h.deliveries();
    for (let i = 0; i < 24; i++) expect(deliveries.get(h.conversationOf(`a${i}`)) ?? 0).toBe(i === 5 ? 0 : 1);
    expect((await h.refs.get('blocked'))?.unreachableSince).toEqual(D14);

    // Running again changes nothing: each (campaign, person, reminder) is sent once.
    await worker.tick();
    expect(h.deliveries()).toEqual(deliveries);

    // Someone enrols and someone gets an exception before the next reminder; it is not sent to them.
    h.clock.set(D7);
    await h.enrol('a6');
    await h.planner.planDue();
    await h.except('a7');
    await h.enrol('a8');
    await worker.tick();
    const second = (await h.records(c.id)).filter((r) => r.reminder === 'd7');
    expect(second.find((r) => r.aadObjectId === 'a6')).toBeUndefined(); // left the audience before planning
    expect(second.find((r) => r.aadObjectId === 'a7')).toMatchObject({
      state: 'skipped',
      reason: 'excepted',
    });
    expect(second.find((r) => r.aadObjectId === 'a8')).toMatchObject({
      state: 'skipped',
      reason: 'enrolled',
    });
    expect(h.deliveries().get(h.conversationOf('a7'))).toBe(1);
    expect(h.deliveries().get(h.conversationOf('a9'))).toBe(2);
    // Already unreachable people are not tried again.
    expect(h.stub.requests.filter((r) => r.conversationId === h.conversationOf('blocked'))).toHaveLength(1);

    const { funnel } = await h.admin.status(globalAdmin(), c.name);
    expect(funnel.total).toMatchObject({
      targeted: 28,
      sent: 24, // a5 failed on d14 (500) but got d7
      unreachable: 4,
      failed: 0,
      enrolled: 2,
      excepted: 1,
    });
    expect(funnel.rows.map((r) => r.organisation)).toEqual(['Trust A', 'Trust B']);
    expect(funnel.unreachable.sort()).toEqual([
      'blocked@example.nhs.uk',
      'gone@example.nhs.uk',
      'noref1@example.nhs.uk',
      'noref2@example.nhs.uk',
    ]);
  });

  it('when a batch of reminders is due, then only a few are prepared at once, and every one is still sent once', async () => {
    await runningCampaign(h, 60, 'Batch');
    await h.planner.planDue();
    // Counts how many reminders are being prepared at once: the person is re-read then, slowly here (100 ms).
    let preparing = 0;
    let most = 0;
    const staff: StaffRepository = Object.create(h.staff) as StaffRepository;
    staff.findByAadObjectId = async (id) => {
      most = Math.max(most, ++preparing);
      await new Promise((resolve) => setTimeout(resolve, 100));
      preparing--;
      return h.staff.findByAadObjectId(id);
    };
    const result = await h.dispatcher('w1', { staff, batchSize: 50 }).drain();
    expect(result.results.sent).toBe(60);
    expect([...h.deliveries().values()].every((n) => n === 1)).toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
  });

  it('when the sending window is closed, then due reminders wait for it', async () => {
    await h.addPerson({ id: 'p1', organisation: 'Trust A' });
    const c = await h.admin.create(globalAdmin(), {
      name: 'Window',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    const worker = new CampaignWorker(h.planner, h.dispatcher('w1'), 1_000);
    h.clock.set(new Date('2026-11-21T11:00:00Z')); // Saturday, d14 is current but the window is shut
    await worker.tick();
    expect(h.stub.accepted).toHaveLength(0);
    expect((await h.records(c.id)).map((r) => r.state)).toEqual(['pending']);
    h.clock.set(new Date('2026-11-23T09:00:00Z')); // Monday 09:00
    await worker.tick();
    expect(h.stub.accepted).toHaveLength(1);
  });

  it('when a campaign is paused, then nothing is sent until it is resumed; when cancelled, pending reminders are dropped', async () => {
    await h.addPerson({ id: 'p1', organisation: 'Trust A' });
    const c = await h.admin.create(globalAdmin(), {
      name: 'Pausing',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    h.clock.set(D14);
    await h.planner.planDue();
    await h.admin.run(globalAdmin(), 'pause', c.name);
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(0);
    expect((await h.admin.run(globalAdmin(), 'pause', c.name)).changed).toBe(false);
    await h.admin.run(globalAdmin(), 'resume', c.name);
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(1);
    h.clock.set(D7);
    await h.planner.planDue();
    await h.admin.run(globalAdmin(), 'cancel', c.name);
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(1);
    expect((await h.records(c.id)).find((r) => r.reminder === 'd7')).toMatchObject({
      state: 'skipped',
      reason: 'cancelled',
    });
  });

  it.each([
    ['pause', 'pending', undefined],
    ['cancel', 'skipped', 'cancelled'],
  ] as const)(
    'when an admin runs %s while a batch is being sent, then the rest of the batch is not sent',
    async (verb, state, reason) => {
      for (let i = 0; i < 3; i++) await h.addPerson({ id: `p${i}`, organisation: 'Trust A' });
      const c = await h.admin.create(globalAdmin(), {
        name: 'Midway',
        deadline: DEADLINE,
        audience: { organisations: [], orgUnits: [], statuses: [] },
      });
      await h.admin.run(globalAdmin(), 'start', c.name);
      h.clock.set(D14);
      await h.planner.planDue();
      let interrupted: Promise<unknown> | undefined;
      const staff = Object.create(h.staff) as typeof h.staff;
      staff.findByAadObjectId = async (id: string) => {
        interrupted ??= h.admin.run(globalAdmin(), verb, c.name);
        await interrupted;
        return h.staff.findByAadObjectId(id);
      };
      await h.dispatcher('w1', { staff }).drainOnce();
      expect(h.stub.accepted).toHaveLength(0);
      const records = await h.records(c.id);
      expect(records.map((r) => [r.state, r.reason])).toEqual(Array(3).fill([state, reason]));
    },
  );

  it('when someone snoozes, then they get one extra reminder the next working morning, at most three times', async () => {
    const p = await h.addPerson({ id: 'p1', organisation: 'Trust A' });
    const c = await h.admin.create(globalAdmin(), {
      name: 'Snooze',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    h.clock.set(D14); // Tuesday
    await h.planner.planDue();
    await h.dispatcher('w1').drainOnce();
    expect(await h.snoozes.snooze(c.id, p)).toEqual({
      kind: 'snoozed',
      dueAt: new Date('2026-11-18T09:00:00Z'),
      remaining: 2,
    });
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(1); // not before tomorrow
    h.clock.set(new Date('2026-11-18T09:30:00Z'));
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(2);
    expect(await h.snoozes.snooze(c.id, p)).toMatchObject({ kind: 'snoozed', remaining: 1 });
    expect(await h.snoozes.snooze(c.id, p)).toEqual({ kind: 'duplicate' }); // pressed again before it was sent
    h.clock.set(new Date('2026-11-19T09:30:00Z'));
    await h.dispatcher('w1').drainOnce();
    expect(await h.snoozes.snooze(c.id, p)).toMatchObject({ kind: 'snoozed', remaining: 0 });
    h.clock.set(new Date('2026-11-20T09:30:00Z'));
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(4);
    expect(await h.snoozes.snooze(c.id, p)).toEqual({ kind: 'limit' });
    const card = h.stub.accepted[3]?.activity.attachments as { content: { actions: { title: string }[] } }[];
    expect(card[0]?.content.actions.map((a) => a.title)).toEqual(['Start now', "I don't have a phone"]);
  });

  it('when a snooze comes back at the same moment as the next reminder, then only one message is sent', async () => {
    const p = await h.addPerson({ id: 'p1', organisation: 'Trust A' });
    const c = await h.admin.create(globalAdmin(), {
      name: 'Overlap',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    h.clock.set(new Date('2026-11-27T10:00:00Z')); // Friday: d7 is current
    await h.planner.planDue();
    await h.dispatcher('w1').drainOnce();
    // "Remind me tomorrow" on Friday comes back Monday 09:00, when d1 is due too.
    expect(await h.snoozes.snooze(c.id, p)).toMatchObject({
      kind: 'snoozed',
      dueAt: new Date('2026-11-30T09:00:00Z'),
    });
    h.clock.set(new Date('2026-11-30T09:05:00Z'));
    await h.planner.planDue();
    await h.dispatcher('w1').drainOnce();
    await h.planner.planDue(); // planning again changes nothing
    await h.dispatcher('w1').drainOnce();
    expect(h.stub.accepted).toHaveLength(2);
    const records = await h.records(c.id);
    expect(records.map((r) => [r.reminder, r.state]).sort()).toEqual([
      ['d1', 'sent'],
      ['d7', 'sent'],
      ['snooze-1', 'superseded'],
    ]);
  });

  it('when the deadline passes, then the campaign finishes and each local admin gets one summary', async () => {
    for (let i = 0; i < 3; i++) await h.addPerson({ id: `p${i}`, organisation: 'Trust A' });
    await h.addPerson({ id: 'la-a', organisation: 'Trust A', role: 'localAdmin', enrolled: true });
    await h.addPerson({ id: 'la-b', organisation: 'Trust B', role: 'localAdmin', enrolled: true });
    const c = await h.admin.create(globalAdmin(), {
      name: 'Summary',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    h.clock.set(D14);
    await h.planner.planDue();
    await h.dispatcher('w1').drainOnce();
    expect(await h.store.collection('campaignOutboxLocks').count({ campaignId: c.id })).toBe(3);
    await h.enrol('p0');
    h.clock.set(new Date('2026-12-01T17:00:00Z'));
    await h.planner.planDue();
    await h.planner.planDue();
    expect((await h.campaigns.findById(c.id))?.state).toBe('finished');
    expect(await h.store.collection('campaignOutboxLocks').count({ campaignId: c.id })).toBe(0);
    const toAdmin = h.stub.acceptedFor(h.conversationOf('la-a'));
    expect(toAdmin).toHaveLength(1);
    expect(String(toAdmin[0]?.activity.text)).toContain('2 people are still not enrolled');
    expect(String(toAdmin[0]?.activity.text)).toContain('They are: p1@example.nhs.uk, p2@example.nhs.uk.');
    expect(h.stub.acceptedFor(h.conversationOf('la-b'))).toHaveLength(0);
  });

  it('when a local admin creates a campaign, then it is limited to their organisation and hidden from other local admins', async () => {
    const la = adminOf('localAdmin', 'Trust A');
    await expect(
      h.admin.create(la, {
        name: 'Other',
        deadline: DEADLINE,
        audience: { organisations: ['Trust B'], orgUnits: [], statuses: [] },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const c = await h.admin.create(la, {
      name: 'Mine',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    expect(c).toMatchObject({ ownerOrganisation: 'Trust A', audience: { organisations: ['Trust A'] } });
    await expect(h.admin.find(adminOf('localAdmin', 'Trust B'), 'Mine')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(h.admin.find(adminOf('staff', 'Trust A'), 'Mine')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await h.admin.list(adminOf('localAdmin', 'Trust B'))).toEqual([]);
    expect((await h.admin.list(globalAdmin())).map((x) => x.name)).toEqual(['Mine']);
    await expect(
      h.admin.create(globalAdmin(), {
        name: 'mine',
        deadline: DEADLINE,
        audience: { organisations: [], orgUnits: [], statuses: [] },
      }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
  });

  it('when previewed, then it counts the people per organisation who would get the next reminder', async () => {
    await h.addPerson({ id: 'p1', organisation: 'Trust A' });
    await h.addPerson({ id: 'p2', organisation: 'Trust B' });
    await h.addPerson({ id: 'p3', organisation: 'Trust B' });
    await h.addPerson({ id: 'p4', organisation: 'Trust B', enrolled: true });
    await h.admin.create(globalAdmin(), {
      name: 'Preview',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    const { preview } = await h.admin.preview(globalAdmin(), 'preview');
    expect(preview.perOrganisation).toEqual([
      { organisation: 'Trust A', people: 1 },
      { organisation: 'Trust B', people: 2 },
    ]);
    expect(preview.next?.reminder).toBe('d14');
    expect(preview.next?.dueAt).toEqual(new Date('2026-11-17T09:00:00Z'));
  });
});
