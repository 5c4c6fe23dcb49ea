import { deriveMfaStatus } from '../../domain/mfa-status-rules';
import type { DirectoryRecord, StaffMember } from '../../domain/staff';
import { AppError, ConcurrencyError, DuplicateKeyError } from '../../errors';
import type { ChatStateRepository } from '../../ports/chat-state-repository';
import type { DocumentStore, Filter, IndexSpec } from '../../ports/document-store';
import type { MfaStatus } from '../../domain/mfa-status';
import type {
  OrganisationStatusCount,
  StaffChanges,
  StaffQuery,
  StaffRepository,
  UpsertOutcome,
} from '../../ports/staff-repository';
import { escapeRegex, stripUndefined } from './document-values';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';
import { directoryChanges, newStaffMember, normaliseUpn, staffFilter } from './staff-fields';

const STAFF_INDEXES: IndexSpec[] = [
  { fields: { aadObjectId: 1 }, unique: true },
  { fields: { upn: 1 }, unique: true },
  { fields: { organisation: 1, orgUnit: 1 } },
  // A handful of statuses, most people in one of them.
  { fields: { mfaStatus: 1 }, sharedKey: true },
  // `--org RX1`: organisation codes from the directory's orgCode column (which many directories lack).
  { fields: { organisationCode: 1 }, sharedKey: true },
  // Exceptions expiring by a date (the sweeper and the admin `exceptions` list); most people have none.
  { fields: { 'exception.expiresAt': 1 }, sharedKey: true },
];
const MAX_SEARCH_RESULTS = 100;
/** Longer search text is cut: no name or UPN is longer, and it bounds the regex work. */
const MAX_SEARCH_TEXT = 120;
const UPSERT_ATTEMPTS = 3;
const BY_UPN = { upn: 1 } as const;

/** A stored staff document: the person, and the state of their personal chat with the bot. */
type StaffDocument = StaffMember & { chatState?: string };

/** The person without their chat state (copied only when there is one to leave out). */
function toStaff(doc: StaffDocument): StaffMember;
function toStaff(doc: StaffDocument | null): StaffMember | null;
function toStaff(doc: StaffDocument | null): StaffMember | null {
  return doc?.chatState === undefined ? doc : withoutChatState(doc);
}

/** A copy by rest: half the time of copying and deleting (40 ms per 100,000 people), and no slow-mode object. */
function withoutChatState({ chatState: _chatState, ...staff }: StaffDocument): StaffMember {
  return staff;
}

/**
 * Staff in the `staff` collection: one document per person, every write of their facts guarded by its
 * version. The document also keeps the person's personal chat state (ChatStateRepository), outside the version.
 */
export class DocumentStaffRepository implements StaffRepository, ChatStateRepository {
  private readonly staff: LazyCollection<StaffDocument>;

  constructor(store: DocumentStore) {
    this.staff = new LazyCollection<StaffDocument>(store, 'staff', STAFF_INDEXES);
  }

  /** Creates the indexes now rather than on first use. */
  async init(): Promise<void> {
    await this.staff.get();
  }

  async findByAadObjectId(aadObjectId: string): Promise<StaffMember | null> {
    if (!isLookupText(aadObjectId)) return null;
    return toStaff(await (await this.staff.get()).findOne({ aadObjectId }));
  }

  async findWithChatState(aadObjectId: string): Promise<{ staff: StaffMember; chatState?: string } | null> {
    if (!isLookupText(aadObjectId)) return null;
    const doc = await (await this.staff.get()).findOne({ aadObjectId });
    return doc ? { staff: toStaff(doc), chatState: doc.chatState } : null;
  }

  async readChatState(aadObjectId: string): Promise<string | undefined> {
    if (!isLookupText(aadObjectId)) return undefined;
    return (await (await this.staff.get()).findOne({ aadObjectId }))?.chatState;
  }

  async saveChatState(aadObjectId: string, state: string): Promise<void> {
    if (!isLookupText(aadObjectId)) return;
    await (await this.staff.get()).findOneAndUpdate({ aadObjectId }, { $set: { chatState: state } });
  }

  async clearChatState(aadObjectId: string): Promise<void> {
    if (!isLookupText(aadObjectId)) return;
    await (await this.staff.get()).findOneAndUpdate({ aadObjectId }, { $unset: { chatState: true } });
  }

  async findByUpn(upn: string): Promise<StaffMember | null> {
    if (!isLookupText(upn)) return null;
    return toStaff(await (await this.staff.get()).findOne({ upn: normaliseUpn(upn) }));
  }

  async search(text: string, limit: number): Promise<StaffMember[]> {
    if (!isLookupText(text) || text.trim().length === 0) return [];
    const pattern = { $regex: escapeRegex(text.trim().slice(0, MAX_SEARCH_TEXT)), $options: 'i' as const };
    const filter: Filter = { $or: [{ upn: pattern }, { displayName: pattern }] };
    const max = Math.max(1, Math.min(MAX_SEARCH_RESULTS, Math.floor(limit)));
    return (await (await this.staff.get()).find(filter, { sort: BY_UPN, limit: max })).map((d) => toStaff(d));
  }

  async findOrganisations(text: string, limit: number): Promise<{ exact?: string; startingWith: string[] }> {
    if (!isLookupText(text)) return { startingWith: [] };
    const typed = text.trim().slice(0, MAX_SEARCH_TEXT);
    if (typed.length === 0) return { startingWith: [] };
    const staff = await this.staff.get();
    const exact =
      (await staff.findOne({ organisation: { $regex: `^${escapeRegex(typed)}$`, $options: 'i' } })) ??
      (await staff.findOne({ organisationCode: typed.toUpperCase() }));
    // One query per organisation found (there is no distinct in the port): organisations are few.
    const found: string[] = [];
    const prefix = { $regex: `^${escapeRegex(typed)}`, $options: 'i' as const };
    while (found.length < limit) {
      const next = await staff.findOne({ organisation: prefix, $or: [{ organisation: { $nin: found } }] });
      if (!next) break;
      found.push(next.organisation);
    }
    return { exact: exact?.organisation, startingWith: found.sort((a, b) => a.localeCompare(b)) };
  }

  async upsertFromDirectory(record: DirectoryRecord, now: Date): Promise<UpsertOutcome> {
    assertSafeValue(record, 'record');
    const staff = await this.staff.get();
    for (let attempt = 1; ; attempt++) {
      const existing = await staff.findOne({ aadObjectId: record.aadObjectId });
      if (!existing) {
        try {
          await staff.insertOne(newStaffMember(record, now));
          return 'created';
        } catch (err) {
          // Only a racing import of the same person is retried; a UPN held by someone else is the caller's to report.
          const raced =
            err instanceof DuplicateKeyError && (await staff.count({ aadObjectId: record.aadObjectId })) > 0;
          if (raced && attempt < UPSERT_ATTEMPTS) continue;
          throw err;
        }
      }
      const { set, unset } = directoryChanges(existing, record);
      if (Object.keys(set).length === 0 && unset.length === 0) return 'unchanged';
      const facts: StaffMember = { ...existing, ...set };
      const updated = await staff.findOneAndUpdate(
        { aadObjectId: existing.aadObjectId, version: existing.version },
        {
          $set: { ...set, mfaStatus: deriveMfaStatus(facts, now), updatedAt: now },
          $unset: Object.fromEntries(unset.map((f) => [f, true as const])),
          $inc: { version: 1 },
        },
      );
      if (updated) return 'updated';
      if (attempt >= UPSERT_ATTEMPTS) throw new ConcurrencyError('staff record');
    }
  }

  update(
    aadObjectId: string,
    expectedVersion: number,
    changes: StaffChanges,
    now: Date,
    current?: StaffMember,
  ): Promise<StaffMember> {
    return this.guardedWrite(aadObjectId, expectedVersion, [], changes, now, current);
  }

  unset(
    aadObjectId: string,
    expectedVersion: number,
    fields: (keyof StaffChanges)[],
    changes: StaffChanges,
    now: Date,
  ): Promise<StaffMember> {
    return this.guardedWrite(aadObjectId, expectedVersion, fields, changes, now);
  }

  async list(query: StaffQuery, options: { limit?: number; skip?: number } = {}): Promise<StaffMember[]> {
    const found = await (await this.staff.get()).find(staffFilter(query), { sort: BY_UPN, ...options });
    return found.map((d) => toStaff(d));
  }

  async *stream(query: StaffQuery): AsyncIterable<StaffMember> {
    const filter = staffFilter(query);
    for await (const doc of (await this.staff.get()).stream(filter, { sort: BY_UPN })) yield toStaff(doc);
  }

  async count(query: StaffQuery): Promise<number> {
    return (await this.staff.get()).count(staffFilter(query));
  }

  async countByOrganisationAndStatus(query: StaffQuery): Promise<OrganisationStatusCount[]> {
    const groups = await (await this.staff.get()).countBy(staffFilter(query), ['organisation', 'mfaStatus']);
    return groups.map(({ key, count }) => ({
      organisation: String(key.organisation ?? ''),
      mfaStatus: key.mfaStatus as MfaStatus,
      count,
    }));
  }

  /**
   * Reads the person (to recompute the status from the facts as they will be; not again when the caller
   * hands over the record it read), then ONE update guarded by the version that was read: if anyone wrote
   * in between, nothing is changed and the caller is told.
   */
  private async guardedWrite(
    aadObjectId: string,
    expectedVersion: number,
    unsetFields: (keyof StaffChanges)[],
    changes: StaffChanges,
    now: Date,
    known?: StaffMember,
  ): Promise<StaffMember> {
    if (!isLookupText(aadObjectId)) throw new AppError('NOT_FOUND', 'No such member of staff.');
    assertSafeValue(changes, 'changes');
    const staff = await this.staff.get();
    const held = known?.aadObjectId === aadObjectId && known.version === expectedVersion ? known : undefined;
    const current = held ?? toStaff(await staff.findOne({ aadObjectId }));
    if (!current) throw new AppError('NOT_FOUND', 'No such member of staff.');
    if (current.version !== expectedVersion) throw new ConcurrencyError('staff record');

    // `undefined` means "leave as is" (it is never written), so it must not count as a fact either.
    const set: Record<string, unknown> = stripUndefined({ ...changes });
    if (typeof changes.upn === 'string') set.upn = normaliseUpn(changes.upn);
    // A field both set and unset keeps the new value.
    const unset = unsetFields.filter((f) => !(f in set) && f !== 'mfaStatus');
    const facts = { ...current, ...set } as StaffMember & Record<string, unknown>;
    for (const field of unset) delete facts[field];
    set.mfaStatus = deriveMfaStatus(facts, now);
    set.updatedAt = now;

    const updated = await staff.findOneAndUpdate(
      { aadObjectId, version: expectedVersion },
      {
        $set: set,
        $unset: Object.fromEntries(unset.map((f) => [f, true as const])),
        $inc: { version: 1 },
      },
    );
    if (updated) return toStaff(updated);
    const again = await staff.findOne({ aadObjectId });
    if (!again) throw new AppError('NOT_FOUND', 'No such member of staff.');
    throw new ConcurrencyError('staff record');
  }
}
