import {
  USER_POLICIES,
  parseStatus,
  STATUS_SLUGS,
  type AdminCommand,
  type AdminVerb,
  type BulkFilter,
  type UsageError,
} from '../../domain/admin-command';
import { closest } from '../../domain/edit-distance';
import type { ExceptionKind } from '../../domain/staff';

/**
 * The grammar of each admin command, once its words and options are split: which options it takes
 * (for util.parseArgs) and how its words become an AdminCommand or a usage error.
 */
const DURATIONS: Record<string, ExceptionKind> = {
  '24h': '24h',
  '24hr': '24h',
  '24hrs': '24h',
  '24hours': '24h',
  '1d': '24h',
  short: '24h',
  '180d': '180d',
  '180days': '180d',
  long: '180d',
};
const LIST_SEPARATORS = /[,;]+/;

export type Options = Record<string, { type: 'string'; multiple?: boolean }>;
type Values = Record<string, string | string[] | undefined>;
export interface Parts {
  words: string[];
  values: Values;
  reason?: string;
}

export function usage(
  problem: string,
  verb?: AdminVerb,
  suggestion?: string,
): { ok: false; error: UsageError } {
  return { ok: false, error: { kind: 'usage', verb, problem, suggestion } };
}

export const isError = (p: Parts | { ok: false; error: UsageError }): p is { ok: false; error: UsageError } =>
  'ok' in p && p.ok === false;

function oneUser(words: string[], verb: AdminVerb): string | { ok: false; error: UsageError } {
  if (words.length === 0) return usage('say which person (UPN, email or display name)', verb);
  return words.join(' ');
}

function users(words: string[]): string[] {
  return words.flatMap((w) => w.split(LIST_SEPARATORS)).filter((w) => w.trim().length > 0);
}

function requireReason(p: Parts, verb: AdminVerb): string | { ok: false; error: UsageError } {
  if (!p.reason) return usage('a reason is required: add reason "…" at the end', verb);
  return p.reason;
}

const list = (v: string | string[] | undefined): string[] | undefined => {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(LIST_SEPARATORS)).map((x) => x.trim());
  return items.filter((x) => x.length > 0);
};

export type Build = (p: Parts) => AdminCommand | { ok: false; error: UsageError };
export interface VerbSpec {
  options: Options;
  build: Build;
}

const single =
  (verb: AdminVerb, make: (user: string) => AdminCommand): Build =>
  (p) => {
    const u = oneUser(p.words, verb);
    return typeof u === 'string' ? make(u) : u;
  };

function buildBulk(p: Parts): AdminCommand | { ok: false; error: UsageError } {
  const [action, ...rest] = p.words;
  const a = action?.toLowerCase();
  if (a !== 'enable' && a !== 'disable') {
    const s = action ? closest(action, ['enable', 'disable']) : undefined;
    return usage('start with bulk enable or bulk disable', 'bulk', s ? `bulk ${s}` : undefined);
  }
  const filter: BulkFilter = {};
  const orgs = list(p.values.org);
  const ous = list(p.values.ou);
  if (orgs?.length) filter.organisations = orgs;
  if (ous?.length) filter.orgUnits = ous;
  for (const s of list(p.values.status) ?? []) {
    const status = parseStatus(s);
    if (!status) return usage(`"${s}" is not an MFA status`, 'bulk', closest(s, STATUS_SLUGS, 4));
    (filter.statuses ??= []).push(status);
  }
  for (const s of list(p.values.policy) ?? []) {
    const policy = USER_POLICIES.find((x) => x === s.toLowerCase());
    if (!policy)
      return usage(`"${s}" is not a user policy (standard, atp or admin)`, 'bulk', closest(s, USER_POLICIES));
    (filter.policies ??= []).push(policy);
  }
  const upns = users(rest);
  const hasFilters = Object.keys(filter).length > 0;
  if (upns.length > 0 && hasFilters) return usage('give either filters or a list of UPNs, not both', 'bulk');
  if (upns.length > 0) filter.upns = upns;
  if (upns.length === 0 && !hasFilters)
    return usage('add a filter (--org, --ou, --status, --policy) or paste UPNs', 'bulk');
  if (a === 'disable') {
    const reason = requireReason(p, 'bulk');
    if (typeof reason !== 'string') return reason;
    return { kind: 'bulk', action: a, filter, reason };
  }
  return { kind: 'bulk', action: a, filter, reason: p.reason };
}

export const FILTERS: Options = {
  org: { type: 'string', multiple: true },
  ou: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  policy: { type: 'string', multiple: true },
};

export const SPECS: Record<AdminVerb, VerbSpec> = {
  status: { options: {}, build: single('status', (user) => ({ kind: 'status', user })) },
  audit: { options: {}, build: single('audit', (user) => ({ kind: 'audit', user })) },
  tap: { options: {}, build: single('tap', (user) => ({ kind: 'tap', user })) },
  reenrol: { options: {}, build: single('reenrol', (user) => ({ kind: 'reenrol', user })) },
  enable: {
    options: {},
    build: (p) => {
      const u = users(p.words);
      return u.length ? { kind: 'enable', users: u } : usage('say who to enable', 'enable');
    },
  },
  disable: {
    options: {},
    build: (p) => {
      const u = users(p.words);
      if (!u.length) return usage('say who to disable', 'disable');
      const reason = requireReason(p, 'disable');
      return typeof reason === 'string' ? { kind: 'disable', users: u, reason } : reason;
    },
  },
  exception: {
    options: {},
    build: (p) => {
      const [d, ...rest] = p.words;
      const duration =
        d && Object.hasOwn(DURATIONS, d.toLowerCase()) ? DURATIONS[d.toLowerCase()] : undefined;
      if (!duration) {
        return usage('say 24h or 180d first', 'exception', d ? closest(d, ['24h', '180d']) : undefined);
      }
      const u = oneUser(rest, 'exception');
      if (typeof u !== 'string') return u;
      const reason = requireReason(p, 'exception');
      return typeof reason === 'string' ? { kind: 'exception', duration, user: u, reason } : reason;
    },
  },
  revoke: {
    options: {},
    build: (p) => {
      const [what, ...rest] = p.words;
      if (what?.toLowerCase() !== 'exception') {
        const s = what ? closest(what, ['exception']) : undefined;
        return usage(
          'you can revoke an exception: revoke exception <user>',
          'revoke',
          s ? 'revoke exception' : undefined,
        );
      }
      const u = oneUser(rest, 'revoke');
      return typeof u === 'string' ? { kind: 'revokeException', user: u } : u;
    },
  },
  compromised: {
    options: {},
    build: (p) => {
      const clear = p.words[0]?.toLowerCase() === 'clear';
      const u = oneUser(clear ? p.words.slice(1) : p.words, 'compromised');
      return typeof u === 'string' ? { kind: 'compromised', user: u, clear } : u;
    },
  },
  bulk: { options: FILTERS, build: buildBulk },
  report: {
    options: { org: { type: 'string' }, status: { type: 'string' } },
    build: (p) => {
      if (p.words.length) return usage(`report takes only --org and --status, not "${p.words[0]}"`, 'report');
      const org = typeof p.values.org === 'string' ? p.values.org.trim() : undefined;
      const s = typeof p.values.status === 'string' ? p.values.status : undefined;
      const status = s === undefined ? undefined : parseStatus(s);
      if (s !== undefined && !status)
        return usage(`"${s}" is not an MFA status`, 'report', closest(s, STATUS_SLUGS, 4));
      return { kind: 'report', organisation: org || undefined, status };
    },
  },
};
