import type { DirectoryRecord, Role, StaffMember } from '../domain/staff';
import type { MfaStatus } from '../domain/mfa-status';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface StaffQuery {
  organisations?: string[];
  orgUnits?: string[];
  statuses?: MfaStatus[];
  roles?: Role[];
  enrolled?: boolean;
  /** Only people whose exception expires at or before this time. */
  exceptionExpiresBy?: Date;
}

/** Fields a service may change with `update` (directory fields are owned by the import/sync). */
export type StaffChanges = Partial<Omit<StaffMember, 'aadObjectId' | 'version' | 'createdAt' | 'updatedAt'>>;

export interface StaffRepository {
  findByAadObjectId(aadObjectId: string): Promise<StaffMember | null>;
  findByUpn(upn: string): Promise<StaffMember | null>;
  /** Case-insensitive match on UPN, email-like UPN prefix or display name; at most `limit` results. */
  search(text: string, limit: number): Promise<StaffMember[]>;
  /** Idempotent upsert of the directory-owned fields; bot-owned fields of an existing person are kept. */
  upsertFromDirectory(record: DirectoryRecord, now: Date): Promise<UpsertOutcome>;
  /**
   * One atomic single-document update guarded by `expectedVersion`. Sets `updatedAt`, increments
   * `version`, recomputes `mfaStatus` from the facts, and returns the new document.
   * Throws ConcurrencyError when the version moved on, AppError NOT_FOUND when there is no such person.
   * `current`: the record as the caller read it at `expectedVersion`, so it is not read again (the status
   * is worked out from it; the version guard still refuses the write if anyone changed it meanwhile).
   */
  update(
    aadObjectId: string,
    expectedVersion: number,
    changes: StaffChanges,
    now: Date,
    current?: StaffMember,
  ): Promise<StaffMember>;
  /** Removes fields (e.g. `exception`) in the same guarded way as update. */
  unset(
    aadObjectId: string,
    expectedVersion: number,
    fields: (keyof StaffChanges)[],
    changes: StaffChanges,
    now: Date,
  ): Promise<StaffMember>;
  /**
   * Organisation names matching typed text, ignoring case: `exact` when one is the text itself or its
   * organisation code (`RX1`), and up to
   * `limit` that start with it (for `report --org north` and the like).
   */
  findOrganisations(text: string, limit: number): Promise<{ exact?: string; startingWith: string[] }>;
  list(query: StaffQuery, options?: { limit?: number; skip?: number }): Promise<StaffMember[]>;
  /** Streams people in UPN order for reports of any size. */
  stream(query: StaffQuery): AsyncIterable<StaffMember>;
  count(query: StaffQuery): Promise<number>;
  /** How many people match, per organisation and MFA status, counted in the database (the report summary). */
  countByOrganisationAndStatus(query: StaffQuery): Promise<OrganisationStatusCount[]>;
}

export interface OrganisationStatusCount {
  organisation: string;
  mfaStatus: MfaStatus;
  count: number;
}
