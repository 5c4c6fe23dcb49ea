import { z } from 'zod';
import { ROLES, type DirectoryRecord, type Role } from '../../domain/staff';
import { checkPhoneNumber } from '../phone/phone-number';
import type { DirectoryColumn } from './directory-columns';

const UPN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/**
 * An Entra object id: 8-4-4-4-12 hex digits. The last group may have 13 digits because the Agents
 * Playground's mock users (e.g. 00000000-0000-0000-0000-0000000000020) do, and local chats must work.
 */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/;
const TRUE_WORDS = ['true', 'yes', '1', 'y'];
const FALSE_WORDS = ['false', 'no', '0', 'n'];
const ROLE_BY_KEY = new Map<string, Role>(ROLES.map((r) => [r.toLowerCase(), r]));

const text = (max: number) =>
  z
    .string({ error: 'is missing' })
    .trim()
    .min(1, { error: 'is empty' })
    .max(max, { error: `is longer than ${max} characters` })
    .refine((v) => !hasControlCharacters(v), { error: 'contains control characters' });

function hasControlCharacters(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const rowSchema = z.object({
  upn: z
    .string({ error: 'is missing' })
    .trim()
    .toLowerCase()
    .max(256, { error: 'is longer than 256 characters' })
    .regex(UPN, { error: 'is not a user principal name (name@domain)' }),
  displayName: text(256),
  aadObjectId: z
    .string({ error: 'is missing' })
    .trim()
    .toLowerCase()
    .regex(OBJECT_ID, { error: 'is not an Entra object id (8-4-4-4-12 hex digits)' }),
  organisation: text(120),
  orgUnit: text(120),
  role: z.string({ error: 'is missing' }).transform((v, ctx) => {
    const role = ROLE_BY_KEY.get(v.trim().toLowerCase());
    if (!role) ctx.addIssue({ code: 'custom', message: `is not one of ${ROLES.join(', ')}` });
    return role ?? 'staff';
  }),
  atp: z.string({ error: 'is missing' }).transform((v, ctx) => {
    const word = v.trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) return true;
    if (!FALSE_WORDS.includes(word))
      ctx.addIssue({ code: 'custom', message: 'must be true/false, yes/no or 1/0' });
    return false;
  }),
  // Optional short code of the organisation (ODS-style, e.g. "RX1"), typed by admins as `--org RX1`.
  orgCode: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v?.trim().toUpperCase() ?? '';
      if (value.length === 0) return undefined;
      if (!/^[A-Z0-9]{2,10}$/.test(value))
        ctx.addIssue({ code: 'custom', message: 'must be 2 to 10 letters or digits' });
      return value;
    }),
  // The number itself never appears in a reason: reasons are printed and may be logged.
  mobile: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v?.trim() ?? '';
      if (value.length === 0) return undefined;
      const check = checkPhoneNumber(value, 'sms');
      if (check.ok) return check.e164;
      ctx.addIssue({ code: 'custom', message: 'is not a valid mobile number (UK, or international with +)' });
      return undefined;
    }),
  mail: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v?.trim().toLowerCase() ?? '';
      if (value.length === 0) return undefined;
      if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254) return value;
      ctx.addIssue({ code: 'custom', message: 'is not an email address' });
      return undefined;
    }),
});

export type RowResult = { ok: true; record: DirectoryRecord } | { ok: false; reason: string };

/** Validates one row. The reason names each bad column ("role is not one of ...; atp must be ..."). */
export function parseDirectoryRow(row: Partial<Record<DirectoryColumn, string>>): RowResult {
  const parsed = rowSchema.safeParse(row);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    return { ok: false, reason };
  }
  const { mobile, orgCode, mail, ...rest } = parsed.data;
  return {
    ok: true,
    record: {
      ...rest,
      ...(mobile === undefined ? {} : { mobile }),
      ...(orgCode === undefined ? {} : { organisationCode: orgCode }),
      ...(mail === undefined ? {} : { mail }),
    },
  };
}
