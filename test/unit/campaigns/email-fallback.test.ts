import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DevOutboxEmailNotifier } from '../../../src/adapters/notify/dev-outbox-notifier';
import type { StaffMember } from '../../../src/domain/staff';
import { EmailFallback } from '../../../src/services/campaigns/email-fallback';
import { CampaignHarness, MutableClock, TZ, globalAdmin } from './support/campaign-harness';

jest.setTimeout(60_000);

const DEADLINE = new Date('2026-12-01T17:00:00Z');
const D14 = new Date('2026-11-17T10:00:00Z');
const LINK = 'https://teams.microsoft.com/l/app/00000000-0000-4000-8000-000000000abc';

describe('email fallback: people not reachable in Teams get the reminder by email, once', () => {
  let h: CampaignHarness;
  let dir: string;
  let email: EmailFallback;

  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
    dir = await mkdtemp(join(tmpdir(), 'email-fallback-'));
    email = new EmailFallback({
      notifier: new DevOutboxEmailNotifier(dir, h.clock),
      outbox: h.outbox,
      timezone: TZ,
      organisationName: 'Example NHS Trust',
      link: LINK,
    });
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function emails(): Promise<Record<string, unknown>[]> {
    const text = await readFile(join(dir, 'outbox', 'email.log'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async function set(id: string, changes: Partial<StaffMember>): Promise<void> {
    const s = (await h.staff.findByAadObjectId(id)) as StaffMember;
    await h.staff.update(id, s.version, changes, h.clock.now());
  }

  it('when a person has no conversation, then one email goes to their mail address (else the UPN) with a link to the bot; opted-out people get none; a second pass and a resend send nothing more', async () => {
    await h.addPerson({ id: 'in-teams', organisation: 'Trust A' });
    await h.addPerson({ id: 'with-mail', organisation: 'Trust A', reference: false });
    await h.addPerson({ id: 'upn-only', organisation: 'Trust B', reference: false });
    await h.addPerson({ id: 'opted-out', organisation: 'Trust B', reference: false });
    await set('with-mail', { mail: 'jo.bloggs@nhs.net' });
    await set('opted-out', { emailOptOutAt: h.clock.now() });
    const c = await h.admin.create(globalAdmin(), {
      name: 'December deadline',
      deadline: DEADLINE,
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);

    // Quiet hours: 20:00 on the reminder day sends nothing, by Teams or by email.
    h.clock.set(new Date('2026-11-17T20:00:00Z'));
    await h.planner.planDue();
    await h.dispatcher('w1', { email }).drain();
    expect(await emails()).toHaveLength(0);

    h.clock.set(D14);
    await h.planner.planDue();
    const dispatcher = h.dispatcher('w1', { email });
    await dispatcher.drain();
    await dispatcher.drain();
    await h.admin.resend(globalAdmin(), c.name);
    await dispatcher.drain();

    const sent = await emails();
    expect(sent.map((e) => e.to).sort()).toEqual(['jo.bloggs@nhs.net', 'upn-only@example.nhs.uk']);
    expect(sent[0]).toMatchObject({
      personalisation: expect.objectContaining({
        link: LINK,
        reminder: '14 days before the deadline',
        organisation: 'Example NHS Trust',
      }) as unknown,
    });
    const records = await h.records(c.id);
    const emailRecords = records.filter((r) => r.channel === 'email');
    expect(emailRecords.map((r) => [r.aadObjectId, r.state, r.reason]).sort()).toEqual([
      ['opted-out', 'skipped', 'opted out of emails'],
      ['upn-only', 'sent', undefined],
      ['with-mail', 'sent', undefined],
    ]);
    expect(h.deliveries().get(h.conversationOf('in-teams'))).toBe(1);
  });
});
