import { randomUUID } from 'node:crypto';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import type { DocumentStore } from '../../ports/document-store';
import type { Purgeable } from '../../ports/retention';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';

/** How records are stored: `seq` orders records written in the same millisecond (newest first). */
type StoredAuditRecord = AuditRecord & { seq: number };

const MAX_LIST = 1000;
const NEWEST_FIRST = { at: -1, seq: -1 } as const;

/**
 * Append-only audit trail in `auditLog`: nothing here updates a record, and the only deletion is retention
 * (AUDIT_RETENTION_DAYS, run by the sweeper).
 */
export class DocumentAuditLog implements AuditLog, Purgeable {
  private readonly records: LazyCollection<StoredAuditRecord>;
  private lastSeq = 0;

  constructor(store: DocumentStore) {
    this.records = new LazyCollection<StoredAuditRecord>(store, 'auditLog', [
      { fields: { id: 1 }, unique: true },
      // Newest first within a target or action, ties by write order: the index gives the sort (docs/storage.md).
      { fields: { target: 1, at: -1, seq: -1 } },
      { fields: { action: 1, at: -1, seq: -1 } },
      { fields: { at: 1 } },
    ]);
  }

  async init(): Promise<void> {
    await this.records.get();
  }

  async append(record: Omit<AuditRecord, 'id'>): Promise<AuditRecord> {
    assertSafeValue(record, 'audit record');
    const full: AuditRecord = { id: randomUUID(), ...record };
    await (await this.records.get()).insertOne({ ...full, seq: this.nextSeq() });
    return full;
  }

  listForTarget(target: string, limit: number): Promise<AuditRecord[]> {
    return this.list('target', target, limit);
  }

  /** Retention: deletes the records written before `before`. */
  async purgeOlderThan(before: Date): Promise<number> {
    return (await this.records.get()).deleteMany({ at: { $lt: before } });
  }

  listByAction(action: string, limit: number): Promise<AuditRecord[]> {
    return this.list('action', action, limit);
  }

  private async list(field: 'target' | 'action', value: string, limit: number): Promise<AuditRecord[]> {
    if (!isLookupText(value)) return [];
    const max = Math.max(1, Math.min(MAX_LIST, Math.floor(limit)));
    const found = await (
      await this.records.get()
    ).find({ [field]: value }, { sort: NEWEST_FIRST, limit: max });
    return found.map(({ seq: _seq, ...rest }) => rest);
  }

  /** Microseconds since the epoch, strictly increasing within this process. */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.lastSeq + 1, Date.now() * 1000);
    return this.lastSeq;
  }
}
