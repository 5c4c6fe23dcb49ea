import { createServer, type Server } from 'restify';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { registerReachExportRoute } from '../../../src/bot/features/campaigns/reach-export-route';
import { statusCardData } from '../../../src/bot/features/campaigns/campaign-views';
import { ReportLinkSigner } from '../../../src/services/reports/report-link';
import { CampaignHarness, MutableClock, TZ, adminOf, globalAdmin } from './support/campaign-harness';

jest.setTimeout(60_000);

describe('the campaign reach list: who was not reachable in Teams, and why', () => {
  let h: CampaignHarness;
  let server: Server;
  let base: string;
  const links = new ReportLinkSigner(Buffer.alloc(32, 7));

  beforeEach(async () => {
    h = await new CampaignHarness(
      new EmbeddedDocumentStore({ inMemory: true }),
      new MutableClock(new Date('2026-11-10T10:00:00Z')),
    ).start();
    server = createServer();
    registerReachExportRoute(server, { staff: h.staff, admin: h.admin, links, clock: h.clock });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterEach(async () => {
    server.close();
    await h.close();
  });

  it('when 25 people could not be reached, then the status card names 20 with the reason and the CSV lists all 25; an admin of another organisation is refused', async () => {
    for (let i = 0; i < 25; i++)
      await h.addPerson({ id: `p${String(i).padStart(2, '0')}`, organisation: 'Trust A', reference: false });
    await h.addPerson({ id: 'reached', organisation: 'Trust A' });
    const c = await h.admin.create(globalAdmin(), {
      name: 'December deadline',
      deadline: new Date('2026-12-01T17:00:00Z'),
      audience: { organisations: [], orgUnits: [], statuses: [] },
    });
    await h.admin.run(globalAdmin(), 'start', c.name);
    h.clock.set(new Date('2026-11-17T10:00:00Z'));
    await h.planner.planDue();
    await h.dispatcher('w1').drain();

    const { campaign, funnel } = await h.admin.status(globalAdmin(), c.name);
    const card = statusCardData(campaign, funnel, h.clock.now(), TZ, '', 'https://bot.example/x');
    expect(card.unreachableText).toContain(
      'p00@example.nhs.uk (never chatted with the bot (no conversation))',
    );
    expect(card.unreachableText).toContain('and 5 more (the CSV export lists everyone)');

    const token = (actor: string) =>
      links.sign({ actor, campaign: c.id, exp: h.clock.now().getTime() + 60_000 });
    const admin = globalAdmin();
    await h.staff.upsertFromDirectory({ ...admin, atp: false }, h.clock.now());
    const res = await fetch(`${base}/api/campaigns/reach.csv?token=${token(admin.aadObjectId)}`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('upn,organisation,reason,emailed');
    expect(lines).toHaveLength(26);
    expect(lines[1]).toBe('p00@example.nhs.uk,Trust A,never chatted with the bot (no conversation),no');

    const other = adminOf('localAdmin', 'Trust B', 'admin-b');
    await h.staff.upsertFromDirectory({ ...other, atp: false }, h.clock.now());
    expect((await fetch(`${base}/api/campaigns/reach.csv?token=${token(other.aadObjectId)}`)).status).toBe(
      403,
    );
  });
});
