import { legacyNames } from '../../domain/mfa-status';
import type { StaffMember } from '../../domain/staff';

export const CSV_COLUMNS = [
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
] as const;

/** A leading = + - @ (or tab/CR) makes spreadsheets run a formula: such cells get a leading apostrophe (OWASP). */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const iso = (d?: Date): string => (d ? d.toISOString() : '');

/** One report row: times in UTC ISO 8601 so spreadsheets sort them; methods joined with "; ". */
export function csvRow(s: StaffMember): string[] {
  return [
    s.upn,
    s.displayName,
    s.organisation,
    s.orgUnit,
    s.mfaStatus,
    legacyNames(s.methods).join('; '),
    s.methods.join('; '),
    iso(s.registeredAt),
    s.exception?.kind ?? '',
    iso(s.exception?.expiresAt),
    iso(s.lastReminderAt),
  ].map(safeCell);
}
