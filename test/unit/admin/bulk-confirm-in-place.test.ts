import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentAuditLog } from '../../../src/adapters/store/audit-log';
import { DocumentBulkOperationRepository } from '../../../src/adapters/store/bulk-operation-repository';
import { createAdminFeature } from '../../../src/bot/features/admin-feature';
import { buildAdminContext } from '../../../src/composition/admin';
import { loadConfig } from '../../../src/config';
import { cancelledByLine, confirmedByLine } from '../../../src/cards/in-place-cards';
import type { StaffMember } from '../../../src/domain/staff';
import type { StaffRepository } from '../../../src/ports/staff-repository';
import * as s from '../../../src/strings/admin';
import { staleCard } from '../../../src/strings/teams-app';
import { StubBotConnector } from '../../support/stub-bot-connector';
import { createHarness, message, type Harness } from '../bot/support/bot-harness';
import { FakeClock, FakeMessenger } from './admin-fixtures';

/**
 * The bulk preview card through the whole bot: Confirm / Cancel are Action.Execute, the invoke answer
 * replaces the card; progress messages go to a local Bot Connector stub (127.0.0.1), as in Teams.
 */
type Json = Record<string, unknown>;
const TZ = 'Europe/London';
let h: Harness;
let clock: FakeClock;
let side: EmbeddedDocumentStore;
let staffRepo: StaffRepository;
let connector: StubBotConnector;
let serviceUrl: string;

async function person(id: string, role: StaffMember['role'], organisation: string, name: string) {
  const entry = { aadObjectId: id, upn: `${id}@example.org`, displayName: name, organisation, role };
  await staffRepo.upsertFromDirectory({ ...entry, orgUnit: 'Unit 1', atp: false }, clock.now());
}

beforeEach(async () => {
  clock = new FakeClock(new Date('2026-11-02T09:00:00Z'));
  side = new EmbeddedDocumentStore({ inMemory: true });
  connector = new StubBotConnector();
  serviceUrl = await connector.start();
  h = await createHarness({
    features: ({ staff }) => {
      staffRepo = staff;
      const ctx = buildAdminContext({
        store: side,
        staff,
        audit: new DocumentAuditLog(side),
        messenger: new FakeMessenger(),
        clock,
        config: { ...loadConfig({ PUBLIC_BASE_URL: 'https://bot.example.org/' }), timezone: TZ },
      });
      return [createAdminFeature(ctx)];
    },
  });
  await person('gadmin', 'globalAdmin', 'Org Z', 'Gail Global');
  await person('ladmin', 'localAdmin', 'Org A', 'Liam Local');
  await person('jane', 'staff', 'Org A', 'Jane Smith');
  await person('janet', 'staff', 'Org A', 'Janet Smithers');
});

afterEach(async () => {
  await connector.stop();
  await h.close();
  await side.close();
});

/** The bulk preview card Liam asked for. */
async function preview(): Promise<Json> {
  const { activities } = await h.send(message('bulk disable --org "Org A" reason "pilot"', 'ladmin'));
  const card = activities.flatMap((a) => a.attachments ?? []).at(-1)?.content as Json | undefined;
  if (!card) throw new Error('no preview card');
  return card;
}

/** Presses the card's Action.Execute titled `title` as `who`, as Teams does; returns the invoke answer. */
async function press(card: Json, title: string, who: string): Promise<{ type: string; value: unknown }> {
  const action = (card.actions as Json[]).find((a) => a.title === title);
  if (action?.type !== 'Action.Execute') throw new Error(`no Action.Execute "${title}"`);
  const { status, body } = await h.send({
    ...message('', who, { serviceUrl }),
    type: 'invoke',
    name: 'adaptiveCard/action',
    deliveryMode: undefined,
    value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
  });
  expect(status).toBe(200);
  return body as { type: string; value: unknown };
}

const janeNow = async () => (await staffRepo.findByAadObjectId('jane'))!;

describe('the bulk preview card updates in place', () => {
  it('when the admin who asked confirms, then the card shows who confirmed and when, and progress is one message updated in place', async () => {
    const card = await preview();
    const before = await janeNow();
    const answer = await press(card, s.card.confirm, 'ladmin');
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const replaced = JSON.stringify(answer.value);
    expect(replaced).toContain(s.card.confirmed);
    expect(replaced).toContain(confirmedByLine('Liam Local', clock.now(), TZ));
    expect(replaced).toContain('Confirmed by Liam Local at 09:00 on 2 November 2026.');
    expect((await janeNow()).version).toBeGreaterThan(before.version);

    const posts = connector.requests.filter((r) => r.method === 'POST');
    const puts = connector.requests.filter((r) => r.method === 'PUT');
    expect(posts).toHaveLength(1);
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(puts.map((r) => r.activityId))).toEqual(new Set(['activity-1']));
    expect(JSON.stringify(puts.at(-1)?.body)).toContain(s.card.summaryTitle('disable'));
  });

  it('when Confirm is pressed twice, then the change applies once and the second press says the card was out of date', async () => {
    const card = await preview();
    await press(card, s.card.confirm, 'ladmin');
    const applied = await janeNow();
    const requests = connector.requests.length;
    clock.advance(60_000);
    const again = await press(card, s.card.confirm, 'ladmin');
    const replaced = again.value as { body: { text: string }[] };
    expect(replaced.body[0].text).toBe(staleCard);
    expect(JSON.stringify(replaced)).toContain('Confirmed by Liam Local at 09:00 on 2 November 2026.');
    expect(connector.requests).toHaveLength(requests);
    expect((await janeNow()).version).toBe(applied.version);
  });

  it('when Confirm is pressed again while the change is still being applied (or Teams retries a slow press), then the card says it is applying, once', async () => {
    const card = await preview();
    const id = String(((card.actions as Json[])[0].data as Json).id);
    expect(
      await new DocumentBulkOperationRepository(side).claim(id, 'ladmin', clock.now(), new Date(0)),
    ).not.toBeNull();
    const before = await janeNow();
    const again = await press(card, s.card.confirm, 'ladmin');
    const replaced = JSON.stringify(again.value);
    expect(replaced).toContain(s.card.applyingDetail);
    expect(replaced).toContain('Confirmed by Liam Local at 09:00 on 2 November 2026.');
    expect(replaced).not.toContain(staleCard);
    expect((await janeNow()).version).toBe(before.version);
  });

  it('when a large change is confirmed, then progress updates stay within the Teams rate limit and the card still turns to Confirmed', async () => {
    for (let i = 0; i < 400; i++) await person(`p${i}`, 'staff', 'Org A', `Person ${i}`);
    const answer = await press(await preview(), s.card.confirm, 'ladmin');
    expect(JSON.stringify(answer.value)).toContain('Confirmed by Liam Local');
    expect(connector.limitViolations).toEqual([]);
    expect(connector.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(JSON.stringify(connector.requests.at(-1)?.body)).toContain(s.card.summaryTitle('disable'));
  });

  it('when another admin presses Confirm, then it is refused, the card stays and nothing changes', async () => {
    const card = await preview();
    const before = await janeNow();
    const refused = await press(card, s.card.confirm, 'gadmin');
    expect(refused).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: s.bulkNotYours,
    });
    expect((await janeNow()).version).toBe(before.version);
    expect(connector.requests).toHaveLength(0);
    const cancelled = await press(card, s.card.cancel, 'gadmin');
    expect(cancelled).toMatchObject({ value: s.bulkNotYours });
    // The admin who asked can still confirm it.
    const answer = await press(card, s.card.confirm, 'ladmin');
    expect(JSON.stringify(answer.value)).toContain('Confirmed by Liam Local');
  });

  it('when the admin cancels, then the card says who cancelled, and a later Confirm on it changes nothing', async () => {
    const card = await preview();
    const before = await janeNow();
    const cancelled = await press(card, s.card.cancel, 'ladmin');
    expect(JSON.stringify(cancelled.value)).toContain(cancelledByLine('Liam Local', clock.now(), TZ));
    const confirm = await press(card, s.card.confirm, 'ladmin');
    const replaced = confirm.value as { body: { text: string }[] };
    expect(replaced.body[0].text).toBe(staleCard);
    expect(JSON.stringify(replaced)).toContain(s.card.cancelled);
    expect((await janeNow()).version).toBe(before.version);
    expect(connector.requests).toHaveLength(0);
  });
});

describe('long work answers in one message', () => {
  it('when an admin asks for a report, then one card answers it (no stream of progress messages)', async () => {
    await h.send(message('help', 'gadmin')); // the first message of a chat also gets the welcome card
    const { activities } = await h.send(message('report', 'gadmin'));
    expect(activities).toHaveLength(1);
    expect(JSON.stringify(activities[0].attachments)).toContain(s.card.reportTitle);
  });
});
