import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { isMfaStatus } from '../../domain/mfa-status';
import type { ReportFilter } from './report-scope';

export const LINK_TTL_MS = 15 * 60 * 1000;

export interface LinkPayload extends ReportFilter {
  /** aadObjectId of the admin the link was made for: their role and scope are checked again on download. */
  actor: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
  /** A campaign's reach list (campaign id) rather than the staff report. */
  campaign?: string;
}

export type LinkCheck = { ok: true; payload: LinkPayload } | { ok: false; why: 'invalid' | 'expired' };

/**
 * Short-lived download links for the CSV report: base64url(JSON payload) + "." + HMAC-SHA256 over it.
 * The key is derived from ENCRYPTION_KEY when there is one (links then work on every instance and
 * survive restarts); otherwise it is random per process.
 */
export class ReportLinkSigner {
  private readonly key: Buffer;

  constructor(secret?: Buffer) {
    this.key = secret
      ? Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'mfa-bot report links', 32))
      : randomBytes(32);
  }

  sign(payload: LinkPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(token: string, now: Date): LinkCheck {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || body.length > 2000) return { ok: false, why: 'invalid' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, why: 'invalid' };
    const payload = parsePayload(Buffer.from(body, 'base64url').toString('utf8'));
    if (!payload) return { ok: false, why: 'invalid' };
    if (payload.exp <= now.getTime()) return { ok: false, why: 'expired' };
    return { ok: true, payload };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function parsePayload(text: string): LinkPayload | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (typeof v.actor !== 'string' || typeof v.exp !== 'number') return undefined;
    if (v.organisation !== undefined && typeof v.organisation !== 'string') return undefined;
    if (v.status !== undefined && (typeof v.status !== 'string' || !isMfaStatus(v.status))) return undefined;
    if (v.campaign !== undefined && typeof v.campaign !== 'string') return undefined;
    return {
      actor: v.actor,
      exp: v.exp,
      organisation: v.organisation,
      status: v.status,
      ...(v.campaign === undefined ? {} : { campaign: v.campaign }),
    };
  } catch {
    return undefined;
  }
}
