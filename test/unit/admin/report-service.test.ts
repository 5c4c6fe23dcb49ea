import { parse } from 'csv-parse/sync';
import { ReportService } from '../../../src/services/reports/report-service';
import { safeCell } from '../../../src/services/reports/csv-row';
import { ReportLinkSigner, LINK_TTL_MS } from '../../../src/services/reports/report-link';
import { createAdminWorld, type AdminWorld } from './admin-fixtures';
import type { Readable } from 'node:stream';

let w: AdminWorld;
let reports: ReportService;

async function text(r: Readable): Promise<string> {
  let out = '';
  for await (const chunk of r) out += String(chunk);
  return out;
}

beforeEach(async () => {
  w = createAdminWorld();
  reports = new ReportService({ staff: w.staff, audit: w.audit, clock: w.clock });
  await w.add({ upn: 'global@x', role: 'globalAdmin', organisation: 'ORG-Z' });
  await w.add({ upn: 'local@a', role: 'localAdmin', organisation: 'ORG-A' });
  await w.add(
    { upn: 'a1@a' },
    { methods: ['SMS', 'SoftwareOTP'], registeredAt: new Date('2026-03-01T09:00:00Z') },
  );
  await w.add({ upn: 'a2@a', displayName: '=HYPERLINK("x")' });
  await w.add({ upn: 'b1@b', organisation: 'ORG-B' }, { mfa: { enabled: false, by: 'admin' } });
});

describe('ReportService', () => {
  it('when a global admin asks for the summary, then counts are per status per organisation', async () => {
    const s = await reports.summary(await w.actor('global@x'), {});
    expect(s).toEqual({
      rows: [
        { organisation: 'ORG-A', counts: { 'MFA Enforced Admin Role': 1, 'Admin Enabled': 2 }, total: 3 },
        { organisation: 'ORG-B', counts: { 'Admin Disabled': 1 }, total: 1 },
        { organisation: 'ORG-Z', counts: { 'MFA Enforced Admin Role': 1 }, total: 1 },
      ],
      totals: { 'MFA Enforced Admin Role': 2, 'Admin Enabled': 2, 'Admin Disabled': 1 },
      total: 5,
    });
  });

  it('when the summary is made, then it is counted in the store and no person is read', async () => {
    const counted = jest.spyOn(w.staff, 'countByOrganisationAndStatus');
    const read = jest.spyOn(w.staff, 'stream');
    const listed = jest.spyOn(w.staff, 'list');
    const s = await reports.summary(await w.actor('local@a'), { status: 'Admin Enabled' });
    expect(typeof s !== 'string' && s.total).toBe(2);
    expect(counted).toHaveBeenCalledWith({ organisations: ['ORG-A'], statuses: ['Admin Enabled'] });
    expect(read).not.toHaveBeenCalled();
    expect(listed).not.toHaveBeenCalled();
  });

  it('when a local admin asks without --org, then only their organisation is counted; another org is refused', async () => {
    const local = await w.actor('local@a');
    const s = await reports.summary(local, {});
    expect(typeof s !== 'string' && s.rows.map((r) => r.organisation)).toEqual(['ORG-A']);
    expect(await reports.summary(local, { organisation: 'ORG-B' })).toBe('scope');
    const refusals = (await w.audit.listByAction('report.summary', 5)).filter((a) => a.outcome === 'refused');
    expect(refusals).toHaveLength(1);
  });

  it('when the CSV is exported, then it has the agreed columns, both method names, and formula-safe cells', async () => {
    const csv = await reports.csv(await w.actor('local@a'), { status: 'Admin Enabled' });
    const rows = parse<Record<string, string>>(await text(csv as Readable), { columns: true });
    expect(Object.keys(rows[0])).toEqual([
      'upn',
      'name',
      'organisation',
      'OU',
      'status',
      'legacy methods',
      'current methods',
      'registered at',
      'exception kind',
      'exception expires',
      'last reminder',
    ]);
    expect(rows.map((r) => r.upn)).toEqual(['a1@a', 'a2@a']);
    expect(rows[0]).toMatchObject({
      'legacy methods': 'OneWaySMS; PhoneAppOTP',
      'current methods': 'SMS; SoftwareOTP',
      'registered at': '2026-03-01T09:00:00.000Z',
    });
    expect(rows[1].name).toBe(`'=HYPERLINK("x")`);
  });

  it('when the staff role asks for a report, then it is refused by role', async () => {
    expect(await reports.csv(await w.actor('a1@a'), {})).toBe('role');
  });

  it.each(['=1+1', '+1', '-1', '@x', '\tx'])('when a cell starts with %j, then it is prefixed', (v) => {
    expect(safeCell(v)).toBe(`'${v}`);
  });
});

describe('ReportLinkSigner', () => {
  const now = new Date('2026-03-28T12:00:00Z');
  const signer = new ReportLinkSigner(Buffer.alloc(32, 7));
  const token = signer.sign({ actor: 'aad-1', organisation: 'ORG-A', exp: now.getTime() + LINK_TTL_MS });

  it('when the link is fresh and untouched, then it verifies', () => {
    expect(signer.verify(token, now)).toEqual({
      ok: true,
      payload: {
        actor: 'aad-1',
        organisation: 'ORG-A',
        exp: now.getTime() + LINK_TTL_MS,
        nonce: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      },
    });
  });
  it('when the link is older than its expiry, then it is expired', () => {
    expect(signer.verify(token, new Date(now.getTime() + LINK_TTL_MS))).toEqual({
      ok: false,
      why: 'expired',
    });
  });
  it('when the payload is edited (another organisation), then the signature fails', () => {
    const [, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ actor: 'aad-1', organisation: 'ORG-B', exp: now.getTime() + LINK_TTL_MS }),
    ).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`, now)).toEqual({ ok: false, why: 'invalid' });
  });
  it('when another key signed it, or it is garbage, then it is invalid', () => {
    expect(new ReportLinkSigner(Buffer.alloc(32, 8)).verify(token, now)).toEqual({
      ok: false,
      why: 'invalid',
    });
    expect(signer.verify('nonsense', now)).toEqual({ ok: false, why: 'invalid' });
    expect(signer.verify('a.b.c', now)).toEqual({ ok: false, why: 'invalid' });
  });
});
