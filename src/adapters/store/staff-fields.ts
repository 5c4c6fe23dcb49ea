import { deriveMfaStatus } from '../../domain/mfa-status-rules';
import { DIRECTORY_FIELDS, type DirectoryRecord, type StaffMember } from '../../domain/staff';
import type { Filter } from '../../ports/document-store';
import type { StaffQuery } from '../../ports/staff-repository';
import { assertSafeValue } from './safe-value';

/** UPNs are stored trimmed and lower-case, so lookups and the unique index ignore case. */
export function normaliseUpn(upn: string): string {
  return upn.trim().toLowerCase();
}

/** A new person from the directory, with the bot's defaults (MFA on by default, seed 003). */
export function newStaffMember(record: DirectoryRecord, now: Date): StaffMember {
  const kept: Partial<DirectoryRecord> = { ...record };
  delete kept.mobile; // the directory's mobile is never stored
  const base: Omit<StaffMember, 'mfaStatus'> = {
    ...(kept as Omit<DirectoryRecord, 'mobile'>),
    upn: normaliseUpn(record.upn),
    mfa: { enabled: true, by: 'default' },
    compromised: false,
    methods: [],
    enrolment: { step: 'not-started' },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { ...base, mfaStatus: deriveMfaStatus(base, now) };
}

/**
 * Which directory-owned fields differ: values to set, and optional fields the directory no longer has. A
 * directory mobile stored by an older version is removed.
 */
export function directoryChanges(
  existing: StaffMember,
  record: DirectoryRecord,
): { set: Partial<DirectoryRecord>; unset: (keyof DirectoryRecord)[] } {
  const incoming: DirectoryRecord = { ...record, upn: normaliseUpn(record.upn) };
  const set: Record<string, unknown> = {};
  const unset: (keyof DirectoryRecord)[] = [];
  if ((existing as { mobile?: unknown }).mobile !== undefined) unset.push('mobile');
  for (const field of DIRECTORY_FIELDS) {
    const next = incoming[field];
    if (next === undefined) {
      if (existing[field] !== undefined) unset.push(field);
    } else if (next !== existing[field]) {
      set[field] = next;
    }
  }
  return { set: set, unset };
}

/** Translates a report/admin query into a store filter; every value is checked to be a plain value. */
export function staffFilter(query: StaffQuery): Filter {
  assertSafeValue(query, 'query');
  const filter: Filter = {};
  if (query.organisations) filter.organisation = { $in: query.organisations };
  if (query.orgUnits) filter.orgUnit = { $in: query.orgUnits };
  if (query.statuses) filter.mfaStatus = { $in: query.statuses };
  if (query.roles) filter.role = { $in: query.roles };
  if (query.enrolled !== undefined) filter['methods.0'] = { $exists: query.enrolled };
  if (query.exceptionExpiresBy) filter['exception.expiresAt'] = { $lte: query.exceptionExpiresBy };
  return filter;
}
