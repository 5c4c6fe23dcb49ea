import restify from 'restify';
import { registerReportDownloadRoute } from '../../../src/bot/features/admin/report-download-route';
import { ReportLinkSigner, LINK_TTL_MS } from '../../../src/services/reports/report-link';
import { ReportService } from '../../../src/services/reports/report-service';
import { memorySlotLedger } from '../../support/memory-slot-ledger';
import { downloadUsed } from '../../../src/strings/admin';
import { createAdminWorld, type AdminWorld } from './admin-fixtures';

let w: AdminWorld;
let server: restify.Server;
let base: string;
const signer = new ReportLinkSigner(Buffer.alloc(32, 1));

beforeEach(async () => {
  w = createAdminWorld();
  await w.add({ upn: 'local@a', role: 'localAdmin', organisation: 'ORG-A', aadObjectId: 'local-a' });
  await w.add({ upn: 'a1@a' });
  await w.add({ upn: 'b1@b', organisation: 'ORG-B' });
  server = restify.createServer();
  registerReportDownloadRoute(server, {
    staff: w.staff,
    reports: new ReportService({ staff: w.staff, audit: w.audit, clock: w.clock }),
    links: signer,
    clock: w.clock,
    logger: { warn: jest.fn() },
    used: memorySlotLedger(),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/api/reports/csv?token=`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const link = (extra: object = {}): string =>
  signer.sign({ actor: 'local-a', exp: w.clock.now().getTime() + LINK_TTL_MS, ...extra });

describe('report download route', () => {
  it('when the signed link is used in time, then the CSV of the admin scope is streamed as an attachment', async () => {
    const res = await fetch(base + link());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="mfa-status-2026-03-28.csv"/,
    );
    const body = await res.text();
    expect(body.split('\n')[0]).toMatch(/^upn,name,organisation,OU,status/);
    expect(body).toContain('a1@a');
    expect(body).not.toContain('b1@b');
  });

  it('when a link is used a second time, then 410 "already used" and no CSV; a new link works', async () => {
    const token = link();
    expect((await fetch(base + token)).status).toBe(200);
    const again = await fetch(base + token);
    expect(again.status).toBe(410);
    const text = await again.text();
    expect(text).toBe(downloadUsed);
    expect(text).not.toContain('a1@a');
    expect((await fetch(base + link())).status).toBe(200);
  });

  it('when a link without a nonce (as signed before one-time links) is used, then 404', async () => {
    const payload = { actor: 'local-a', exp: w.clock.now().getTime() + LINK_TTL_MS };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signed = signer.sign(payload).split('.')[0];
    expect(signed).not.toBe(body);
    const { createHmac, hkdfSync } = await import('node:crypto');
    const key = Buffer.from(
      hkdfSync('sha256', Buffer.alloc(32, 1), Buffer.alloc(0), 'mfa-bot report links', 32),
    );
    const mac = createHmac('sha256', key).update(body).digest('base64url');
    expect((await fetch(`${base}${body}.${mac}`)).status).toBe(404);
  });

  it('when the link has expired, then 410', async () => {
    const token = link();
    w.clock.advance(LINK_TTL_MS);
    expect((await fetch(base + token)).status).toBe(410);
  });

  it('when the link is tampered with, then 404', async () => {
    const token = link();
    expect((await fetch(base + token.replace(/^./, 'x'))).status).toBe(404);
  });

  it('when the link names another organisation than the admin may see, then 403 (checked at download time)', async () => {
    const res = await fetch(base + link({ organisation: 'ORG-B' }));
    expect(await res.text()).toBe('You are no longer allowed to download this report.');
    expect(res.status).toBe(403);
  });

  it('when the admin lost their role since, then 403', async () => {
    const token = link();
    const admin = await w.get('local@a');
    await w.staff.upsertFromDirectory(
      {
        aadObjectId: admin.aadObjectId,
        upn: admin.upn,
        displayName: admin.displayName,
        organisation: 'ORG-A',
        orgUnit: 'W',
        role: 'staff',
        atp: false,
      },
      w.clock.now(),
    );
    expect((await fetch(base + token)).status).toBe(403);
  });
});
