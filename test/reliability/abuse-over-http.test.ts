import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { App } from '../../src/app';
import type { Role, StaffMember } from '../../src/domain/staff';
import { common } from '../../src/strings';
import { mongoTestUrl } from '../support/store-factories';
import {
  activity,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../support/app-under-test';

jest.setTimeout(180_000);

/** The whole bot over HTTP on MongoDB (FerretDB) when this run has one, else on the embedded store. */
const url = mongoTestUrl();
const PEOPLE: [string, Role, string][] = [
  ['aad-staff', 'staff', 'Org A'],
  ['aad-ladmin', 'localAdmin', 'Org A'],
  ['aad-gadmin', 'globalAdmin', 'Org A'],
  ['aad-gadmin2', 'globalAdmin', 'Org A'],
  ['aad-other', 'staff', 'Org B'],
  ['aad-bulk', 'staff', 'Org C'],
];

async function addPeople(app: App): Promise<void> {
  for (const [id, role, organisation] of PEOPLE) {
    await app.services.staff.upsertFromDirectory(
      {
        aadObjectId: id,
        upn: `${id}@example.org`,
        displayName: `${id} Example`,
        organisation,
        orgUnit: 'Ward 1',
        role,
        atp: false,
      },
      new Date(),
    );
  }
}

/** Everything that matters about people: who they are, their role, status, methods and exceptions. */
async function snapshot(app: App, except: string[] = []): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [id] of PEOPLE) {
    if (except.includes(id)) continue;
    const s = (await app.services.staff.findByAadObjectId(id)) as StaffMember & Record<string, unknown>;
    // Everything but the sender's own enrolment progress and the bookkeeping fields.
    const rest = Object.fromEntries(
      Object.entries(s).filter(([k]) => !['enrolment', 'updatedAt', 'version'].includes(k)),
    );
    out[id] = rest;
  }
  return out;
}

describe(`abuse through the HTTP endpoint (${url ? 'MongoDB/FerretDB' : 'embedded store'})`, () => {
  const data = tempDataDir();
  let running: RunningApp;
  let base: string;
  const say = async (who: string, text: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await post(base, activity(text, who, extra));
    expect(res.status).toBe(200);
    return replyTexts(res).join('\n');
  };
  const audit = async (actor: string): Promise<{ action: string; outcome: string; reason?: string }[]> =>
    await running.app.store
      .collection<{ actor: string; action: string; outcome: string; reason?: string }>('auditLog')
      .find({ actor });

  beforeAll(async () => {
    running = await startApp({
      DATA_DIR: data.dir,
      ALLOWED_TENANT_IDS: 'tenant-1',
      ...(url ? { MONGODB_URL: url, MONGODB_DB: `abuse_${randomBytes(4).toString('hex')}` } : {}),
    });
    base = running.baseUrl;
    await addPeople(running.app);
    for (const [id] of PEOPLE) await say(id, 'hi'); // the welcome, once each
  });
  afterAll(async () => {
    await running?.stop();
    data.remove();
  });

  describe('identity', () => {
    it('when a member of staff issues an admin command, then it is refused, audited and nothing changes', async () => {
      const before = await snapshot(running.app);
      expect(await say('aad-staff', 'disable aad-other@example.org reason "x"')).toContain(common.notAllowed);
      expect(await snapshot(running.app)).toEqual(before);
      expect(await audit('aad-staff')).toContainEqual(
        expect.objectContaining({ action: 'bot.refused', outcome: 'refused' }),
      );
    });

    it('when a local admin acts on someone in another organisation, then it is refused as "couldn\'t find", audited and nothing changes', async () => {
      const before = await snapshot(running.app);
      expect(await say('aad-ladmin', 'disable aad-other@example.org reason "leaver"')).toMatch(
        /couldn't find anyone matching "aad-other@example.org"/,
      );
      expect(await snapshot(running.app)).toEqual(before);
      expect((await audit('aad-ladmin')).some((r) => r.outcome === 'refused')).toBe(true);
    });

    it('when a forged sender from a tenant not in ALLOWED_TENANT_IDS claims an admin id, then there is no reply, nothing changes and it is audited', async () => {
      const before = await snapshot(running.app);
      const res = await post(
        base,
        activity('disable aad-staff@example.org reason "x"', 'aad-gadmin', {
          conversation: { id: 'a:evil', conversationType: 'personal', tenantId: 'evil-tenant' },
          channelData: { tenant: { id: 'evil-tenant' } },
        }),
      );
      expect(res.status).toBe(200);
      expect(replyTexts(res)).toEqual([]);
      expect(await snapshot(running.app)).toEqual(before);
      expect(await audit('aad-gadmin')).toContainEqual(
        expect.objectContaining({ action: 'bot.refused', reason: expect.stringContaining('evil-tenant') }),
      );
    });

    it('when card data names another person, then only the sender is ever affected', async () => {
      const before = await snapshot(running.app, ['aad-staff']);
      for (const value of [
        {
          action: 'enrolment.submit',
          code: '123456',
          aadObjectId: 'aad-other',
          upn: 'aad-other@example.org',
        },
        { action: 'my-status.refresh', aadObjectId: 'aad-other' },
        { action: 'admin.bulk.confirm', id: 'x', actor: 'aad-gadmin' },
      ]) {
        await say('aad-staff', '', { text: undefined, value });
      }
      expect(await snapshot(running.app, ['aad-staff'])).toEqual(before);
    });

    it('when a bulk confirmation card is pressed by a different admin, then it is refused and nothing is applied', async () => {
      const preview = await say('aad-gadmin', 'bulk disable --org "Org C" reason "pilot"');
      const id =
        /"action":"admin\.bulk\.confirm","id":"([^"]+)"|"id":"([^"]+)","action":"admin\.bulk\.confirm"/
          .exec(preview)
          ?.slice(1)
          .find((v) => v !== undefined);
      expect(id).toBeDefined();
      const before = await snapshot(running.app);
      const other = await say('aad-gadmin2', '', {
        text: undefined,
        value: { action: 'admin.bulk.confirm', id },
      });
      expect(other).not.toMatch(/Done|disabled 1/i);
      expect(await snapshot(running.app)).toEqual(before);
      await say('aad-gadmin', '', { text: undefined, value: { action: 'admin.bulk.cancel', id } });
    });
  });

  describe('injection', () => {
    it('when text and card values look like MongoDB operators or dotted keys, then they are plain data: no driver error and the store is unchanged', async () => {
      const before = await snapshot(running.app);
      const texts = [
        'status {"$gt": ""}',
        'disable {"$where": "sleep(1000)"} reason "x"',
        'status $where',
        'status a.b.c',
        'status .*',
        'bulk disable --org {"$ne":null} reason "x"',
        '{"$gt": ""}',
      ];
      for (const t of texts) await say('aad-gadmin', t);
      const values: Record<string, unknown>[] = [
        { action: 'enrolment.submit', code: { $gt: '' } },
        { action: 'admin.bulk.confirm', id: { $ne: null } },
        { action: 'admin.bulk.cancel', id: { $where: 'true' } },
        { action: 'my-status.refresh', 'a.b': 1, $set: { role: 'globalAdmin' } },
        { action: { $gt: '' } },
        { action: 'campaign.create', 'name.$': 'x', deadline: { $gt: '' } },
      ];
      for (const value of values) await say('aad-staff', '', { text: undefined, value });
      expect(await snapshot(running.app)).toEqual(before);
      const staff = await running.app.services.staff.findByAadObjectId('aad-staff');
      expect(staff?.role).toBe('staff');
      expect(running.logs.text()).not.toMatch(/MongoServerError|unknown operator|"level":50/);
    });
  });

  describe('fuzzing activities', () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.constantFrom('set up', 'help', 'status', 'bulk', 'report', 'my status', '', ' ', '\u0000', '\u202e'),
    );
    const valueArb = fc.oneof(
      fc.constant(undefined),
      fc.anything({ maxDepth: 3 }),
      fc.record({
        action: fc.constantFrom(
          'enrolment.submit',
          'admin.bulk.confirm',
          'admin.bulk.cancel',
          'my-status.refresh',
          'campaign.create',
          'campaign.snooze',
          'faq.feedback',
          'tickets.assign',
          'nope',
        ),
        code: fc.anything({ maxDepth: 2 }),
        id: fc.anything({ maxDepth: 2 }),
      }),
    );
    const activityArb = fc.record(
      {
        type: fc.constantFrom('message', 'message', 'message', 'invoke', 'conversationUpdate', 'typing'),
        text: fc.oneof(textArb, fc.integer(), fc.constant(null)),
        value: valueArb,
        from: fc.oneof(
          fc.constant({ id: '29:x', aadObjectId: 'aad-staff' }),
          fc.constant({ id: '29:y', aadObjectId: 'aad-gadmin' }),
          fc.constant({ id: '29:z' }),
          fc.constant(undefined),
          fc.record({ id: fc.string(), aadObjectId: fc.oneof(fc.string(), fc.integer()) }),
        ),
        conversation: fc.oneof(
          fc.constant({ id: 'a:fuzz', conversationType: 'personal', tenantId: 'tenant-1' }),
          fc.constant({ id: '19:fuzz', conversationType: 'groupChat', tenantId: 'tenant-1' }),
          fc.constant(undefined),
        ),
        name: fc.oneof(fc.constant('adaptiveCard/action'), fc.string({ maxLength: 20 })),
      },
      { requiredKeys: ['type'] },
    );

    it('when random, huge, unicode or wrongly typed activities arrive, then there is never a 500 and nobody else changes', async () => {
      const before = await snapshot(running.app, ['aad-staff', 'aad-gadmin']);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(activityArb, async (a) => {
          const body = {
            channelId: 'msteams',
            serviceUrl: 'http://127.0.0.1:9/',
            deliveryMode: 'expectReplies',
            recipient: { id: '28:bot' },
            id: `fuzz-${randomBytes(4).toString('hex')}`,
            ...a,
          };
          const res = await post(base, body);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
        }),
        { numRuns: 120, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
      );
      const huge = await post(base, activity('a'.repeat(200_000), 'aad-staff'));
      expect(huge.status).toBe(200);
      const tooBig = await post(base, activity('a'.repeat(400_000), 'aad-staff'));
      expect(tooBig.status).toBe(413);
      expect(await snapshot(running.app, ['aad-staff', 'aad-gadmin'])).toEqual(before);
      for (const id of ['aad-staff', 'aad-gadmin']) {
        const s = await running.app.services.staff.findByAadObjectId(id);
        expect(s?.role).toBe(id === 'aad-staff' ? 'staff' : 'globalAdmin');
      }
      const failed = running.logs
        .text()
        .split('\n')
        .filter((l) => l.includes('turn failed'));
      if (failed.length) process.stderr.write(`TURN FAILED: ${failed.join('\n').slice(0, 3000)}\n`);
      expect(failed).toEqual([]);
      process.stderr.write(`fuzzed activities, HTTP statuses: ${JSON.stringify([...statuses])}\n`);
    });
  });

  describe('rate limit on expensive commands', () => {
    it('when an admin runs report six times in a minute, then the sixth is refused kindly, and others are not affected', async () => {
      const replies: string[] = [];
      for (let i = 0; i < 6; i++) replies.push(await say('aad-gadmin2', 'report'));
      expect(replies.slice(0, 5).every((r) => !r.includes(common.tooFast))).toBe(true);
      expect(replies[5]).toContain(common.tooFast);
      expect(await say('aad-gadmin2', 'help')).not.toContain(common.tooFast);
      expect(await say('aad-ladmin', 'report')).not.toContain(common.tooFast);
    });
  });
});
