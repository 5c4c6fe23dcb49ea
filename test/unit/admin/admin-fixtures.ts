import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentAuditLog } from '../../../src/adapters/store/audit-log';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import type { DirectoryRecord, StaffMember } from '../../../src/domain/staff';
import type { Clock } from '../../../src/ports/clock';
import type { DocumentStore } from '../../../src/ports/document-store';
import type { Messenger, OutgoingMessage, SendOutcome } from '../../../src/ports/messenger';
import type { StaffChanges } from '../../../src/ports/staff-repository';
import { actorFrom, type AdminActor } from '../../../src/services/admin/admin-actor';
import { AdminService } from '../../../src/services/admin/admin-service';
import { UserResolver } from '../../../src/services/admin/user-resolver';

export class FakeClock implements Clock {
  constructor(private t = new Date('2026-03-28T12:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
  set(d: Date): void {
    this.t = new Date(d);
  }
}

export class FakeMessenger implements Messenger {
  readonly sent: { to: string; message: OutgoingMessage }[] = [];
  outcome: SendOutcome = 'sent';
  sendToUser(aadObjectId: string, message: OutgoingMessage): Promise<SendOutcome> {
    this.sent.push({ to: aadObjectId, message });
    return Promise.resolve(this.outcome);
  }
  sendToConversation(): Promise<SendOutcome> {
    return Promise.resolve('sent');
  }
  to(aadObjectId: string): string[] {
    return this.sent
      .filter((s) => s.to === aadObjectId)
      .map((s) => (typeof s.message === 'string' ? s.message : JSON.stringify(s.message)));
  }
}

export interface AdminWorld {
  store: DocumentStore;
  staff: DocumentStaffRepository;
  audit: DocumentAuditLog;
  messenger: FakeMessenger;
  clock: FakeClock;
  service: AdminService;
  resolver: UserResolver;
  add(record: Partial<DirectoryRecord> & { upn: string }, changes?: StaffChanges): Promise<StaffMember>;
  actor(upn: string): Promise<AdminActor>;
  get(upn: string): Promise<StaffMember>;
}

let counter = 0;

export function createAdminWorld(
  store: DocumentStore = new EmbeddedDocumentStore({ inMemory: true }),
  clock: FakeClock = new FakeClock(),
  messenger: FakeMessenger = new FakeMessenger(),
): AdminWorld {
  const staff = new DocumentStaffRepository(store);
  const audit = new DocumentAuditLog(store);
  const service = new AdminService({ staff, audit, messenger, clock, timezone: 'Europe/London' });
  const get = async (upn: string): Promise<StaffMember> => {
    const s = await staff.findByUpn(upn);
    if (!s) throw new Error(`no ${upn}`);
    return s;
  };
  return {
    store,
    staff,
    audit,
    messenger,
    clock,
    service,
    resolver: new UserResolver(staff),
    get,
    async add(record, changes) {
      counter += 1;
      const full: DirectoryRecord = {
        aadObjectId: record.aadObjectId ?? `aad-${counter}-${record.upn}`,
        displayName: record.displayName ?? record.upn.split('@')[0],
        organisation: record.organisation ?? 'ORG-A',
        orgUnit: record.orgUnit ?? 'Wards',
        role: record.role ?? 'staff',
        atp: record.atp ?? false,
        upn: record.upn,
      };
      await staff.upsertFromDirectory(full, clock.now());
      const s = await get(record.upn);
      return changes ? staff.update(s.aadObjectId, s.version, changes, clock.now()) : s;
    },
    async actor(upn) {
      return actorFrom(await get(upn));
    },
  };
}
