import type { Activity, TurnContext } from 'botbuilder';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentAuditLog } from '../../../src/adapters/store/audit-log';
import { DocumentLeaseRepository } from '../../../src/adapters/store/lease-repository';
import { createAdminFeature } from '../../../src/bot/features/admin-feature';
import type { AdminContext } from '../../../src/bot/features/admin/admin-context';
import { buildAdminContext } from '../../../src/composition/admin';
import { loadConfig } from '../../../src/config';
import { bulkActions } from '../../../src/bot/features/admin/bulk-handler';
import type { TurnRequest } from '../../../src/bot/feature';
import type { StaffMember } from '../../../src/domain/staff';
import type { StaffRepository } from '../../../src/ports/staff-repository';
import { ExceptionSweeper } from '../../../src/services/sweeper/exception-sweeper';
import { createHarness, message, texts, type Harness } from '../bot/support/bot-harness';
import { FakeClock, FakeMessenger } from './admin-fixtures';

const HOUR = 3600_000;
let h: Harness;
let ctx: AdminContext;
let clock: FakeClock;
let messenger: FakeMessenger;
let sideStore: EmbeddedDocumentStore;
let staffRepo: StaffRepository;

async function person(
  id: string,
  role: StaffMember['role'],
  organisation: string,
  displayName: string,
): Promise<void> {
  await staffRepo.upsertFromDirectory(
    {
      aadObjectId: id,
      upn: `${id}@example.org`,
      displayName,
      organisation,
      orgUnit: 'Unit 1',
      role,
      atp: false,
    },
    clock.now(),
  );
}

async function say(from: string, text: string): Promise<string> {
  const { activities } = await h.send(message(text, from));
  return texts(activities).join('\n');
}

beforeEach(async () => {
  clock = new FakeClock(new Date('2026-11-02T09:00:00Z'));
  messenger = new FakeMessenger();
  sideStore = new EmbeddedDocumentStore({ inMemory: true });
  h = await createHarness({
    features: ({ staff }) => {
      staffRepo = staff;
      ctx = buildAdminContext({
        store: sideStore,
        staff,
        audit: new DocumentAuditLog(sideStore),
        messenger,
        clock,
        config: { ...loadConfig({ PUBLIC_BASE_URL: 'https://bot.example.org/' }), timezone: 'Europe/London' },
      });
      return [createAdminFeature(ctx)];
    },
  });
  await person('gadmin', 'globalAdmin', 'Org Z', 'Gail Global');
  await person('ladmin', 'localAdmin', 'Org A', 'Liam Local');
  await person('hdesk', 'helpdesk', 'Org Z', 'Hana Help');
  await person('jane', 'staff', 'Org A', 'Jane Smith');
  await person('janet', 'staff', 'Org A', 'Janet Smithers');
  await person('jan', 'staff', 'Org B', 'Jan Smit');
  await person('bob', 'staff', 'Org B', 'Bob Jones');
});

afterEach(async () => {
  await h.close();
  await sideStore.close();
});

describe('admin commands in chat', () => {
  it('when a local admin asks for status, then a card shows the status, methods in both namings and the exception', async () => {
    const out = await say('ladmin', 'status jane@example.org');
    expect(out).toContain('MFA status: Jane Smith');
    expect(out).toContain('Admin Enabled');
    expect(out).toContain('Methods in Entra (legacy names)');
  });

  it('when staff try an admin command, then they are refused politely', async () => {
    expect(await say('jane', 'disable bob@example.org reason x')).toMatch(/only for administrators/);
  });

  it('when staff type "status", then they are pointed to "my status" and the attempt is audited', async () => {
    expect(await say('jane', 'status')).toMatch(/type \*\*my status\*\*/);
    expect(await say('jane', 'status bob@example.org')).toMatch(/for administrators/);
    const refused = await ctx.audit.listByAction('bot.refused', 10);
    expect(refused.filter((r) => r.actor === 'jane')).toHaveLength(2);
  });

  it('when a helpdesk grants a 24h exception, then status shows it, and after expiry and a sweep it is gone', async () => {
    const granted = await say('hdesk', 'exception 24h jane@example.org reason "lost her phone"');
    expect(granted).toMatch(
      /Jane Smith has a 24-hour exception until Tue,? 3 Nov 2026,? 09:00 GMT\. I have told them\./,
    );
    expect(await say('hdesk', 'status jane@example.org')).toContain('MFA 24 Hour Exception');
    clock.advance(24 * HOUR);
    // The status is worked out at read time, so it is right even before the sweeper has run.
    const beforeSweep = await say('hdesk', 'status jane@example.org');
    expect(beforeSweep).not.toContain('MFA 24 Hour Exception');
    expect(beforeSweep).toContain('Admin Enabled');
    expect(beforeSweep).not.toContain('lost her phone');
    const sweeper = new ExceptionSweeper({
      staff: staffRepo,
      audit: new DocumentAuditLog(sideStore),
      messenger,
      clock,
      leases: new DocumentLeaseRepository(sideStore),
      timezone: 'Europe/London',
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
    });
    expect(await sweeper.sweepOnce()).toEqual({ ran: true, expired: 1 });
    const after = await say('hdesk', 'status jane@example.org');
    expect(after).not.toContain('MFA 24 Hour Exception');
    expect(after).toContain('Admin Enabled');
  });

  it('when the helpdesk tries a 24h exception over a 180-day one, then it is refused with how to shorten it', async () => {
    expect(await say('gadmin', 'exception 180d jane@example.org reason travel')).toMatch(
      /180-day exception until/,
    );
    expect(await say('hdesk', 'exception 24h jane@example.org reason phone')).toMatch(
      /already has an exception until .*revoke it first/,
    );
    expect(await say('hdesk', 'status jane@example.org')).toContain('MFA Long Term Exception');
  });

  it.each([
    ['status', 'status bob@example.org'],
    ['disable', 'disable bob@example.org reason leaver'],
    ['exception', 'exception 180d bob@example.org reason travel'],
    ['bulk', 'bulk disable bob@example.org reason leaver'],
  ])(
    'when a local admin names someone in another organisation (%s), then the answer is the same as for nobody, and the refusal is audited',
    async (_kind, command) => {
      await say('ladmin', 'help'); // the welcome, out of the way
      const nobody = await say('ladmin', command.replace('bob@example.org', 'nobody@example.org'));
      const outside = await say('ladmin', command);
      expect(outside).toBe(nobody.replaceAll('nobody@example.org', 'bob@example.org'));
      expect(outside).not.toMatch(/outside your organisation|Bob/);
      const refused = (await ctx.audit.listForTarget('bob', 10)).filter((r) => r.outcome === 'refused');
      if (_kind !== 'bulk') expect(refused.map((r) => r.actor)).toEqual(['ladmin']);
    },
  );

  it('when a name matches several people, then a choice card lists only those in scope, each with its command', async () => {
    const out = await say('ladmin', 'exception 180d Jan reason travel');
    expect(out).toContain('exception 180d jane@example.org reason travel');
    expect(out).toContain('exception 180d janet@example.org reason travel');
    expect(out).not.toContain('jan@example.org');
  });

  it('when an admin mistypes a command, then "did you mean" and the usage are shown', async () => {
    expect(await say('ladmin', 'stauts jane@example.org')).toMatch(/Did you mean \*\*status\*\*/);
    expect(await say('ladmin', 'disable jane@example.org')).toMatch(
      /reason is required[\s\S]*Usage: `disable/,
    );
  });

  it('when two users are enabled and disabled in one line, then each gets its own answer', async () => {
    const out = await say(
      'gadmin',
      'disable jane@example.org bob@example.org nobody@example.org reason "audit"',
    );
    expect(out).toMatch(/MFA is now off for Jane Smith/);
    expect(out).toMatch(/MFA is now off for Bob Jones/);
    expect(out).toMatch(/couldn't find anyone matching "nobody@example.org"/);
    expect(await say('gadmin', 'enable jane@example.org')).toMatch(/MFA is now on for Jane Smith/);
  });

  it('when a report is asked for, then the summary card carries a signed download link', async () => {
    const out = await say('ladmin', 'report');
    expect(out).toContain('MFA status report');
    expect(out).toMatch(
      /https:\/\/bot\.example\.org\/api\/reports\/csv\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}/,
    );
    expect(out).not.toContain('Org B');
  });

  it('when a bulk change is confirmed, then one progress message is updated in place and ends with the summary', async () => {
    const preview = await say('ladmin', 'bulk disable --org "Org A" reason "pilot"');
    const id = /"id":"([0-9a-f-]{36})"/.exec(preview)?.[1];
    expect(preview).toContain('Bulk disable: please confirm');
    expect(id).toBeDefined();

    const sent: Partial<Activity>[] = [];
    const updated: Partial<Activity>[] = [];
    const turn = {
      activity: { from: { aadObjectId: 'ladmin' } },
      sendActivity: jest.fn(async (a: Partial<Activity> | string) => {
        sent.push(typeof a === 'string' ? { text: a } : a);
        return { id: `reply-${sent.length}` };
      }),
      updateActivity: jest.fn(async (a: Partial<Activity>) => {
        updated.push(a);
      }),
    } as unknown as TurnContext;
    const admin = (await staffRepo.findByAadObjectId('ladmin'))!;
    const req = { turn, staff: admin, text: '', dialogs: {} } as unknown as TurnRequest;
    const [confirm] = bulkActions(ctx);
    await confirm.handle(req, { action: 'admin.bulk.confirm', id });
    expect(sent).toHaveLength(1);
    expect(updated.length).toBeGreaterThanOrEqual(1);
    expect(updated.every((u) => u.id === 'reply-1')).toBe(true);
    expect(JSON.stringify(updated.at(-1))).toContain('Bulk disable: done');

    await confirm.handle(req, { action: 'admin.bulk.confirm', id });
    expect(sent.at(-1)?.text).toMatch(/expired .* or was already used/);
  });

  it('when a local admin filters on another organisation, then nothing is proposed and the answer says why', async () => {
    expect(await say('ladmin', 'bulk enable --org "Org B"')).toMatch(
      /No one in your scope matches.*2 matching people are outside your organisation/,
    );
  });

  it('when a card action carries bad data, then it is refused without running', async () => {
    const [confirm] = bulkActions(ctx);
    const turn = { sendActivity: jest.fn(async () => undefined) } as unknown as TurnContext;
    await confirm.handle({ turn } as unknown as TurnRequest, {
      action: 'admin.bulk.confirm',
      id: { $gt: '' },
    });
    expect(turn.sendActivity).toHaveBeenCalledWith(expect.stringMatching(/didn't look right/));
  });
});
