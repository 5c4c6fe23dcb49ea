import type { DirectoryRecord, StaffMember } from '../../domain/staff';
import { DuplicateKeyError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { DirectoryChange, DirectorySource, RoleGroupMembers } from '../../ports/directory-source';
import type { DirectorySyncStateRepository } from '../../ports/directory-sync-state';
import type { RegistrationSource } from '../../ports/registration-source';
import type { StaffRepository } from '../../ports/staff-repository';
import { reconcileRegistration } from './registration-reconciler';
import { fromStoredRoles, roleChanges, roleOf, toStoredRoles } from './roles';
import { emptySyncReport, reportCounts, type SyncReport } from './sync-report';

export interface SyncProgress {
  phase: 'groups' | 'users' | 'roles' | 'registrations';
  pages: number;
  items: number;
}

export interface DirectorySyncDeps {
  source: DirectorySource;
  registrations?: RegistrationSource;
  state: DirectorySyncStateRepository;
  staff: StaffRepository;
  audit: AuditLog;
  clock: Clock;
  /** Upserts in flight at once (default 8, like the CSV import). */
  concurrency?: number;
  /**
   * Told about each person just marked enrolled because they registered outside the bot (to congratulate
   * them rather than keep reminding them). Its failure never fails the sync.
   */
  onRegisteredOutside?: (member: StaffMember) => Promise<void>;
}

/**
 * Brings the staff records in line with the directory: role groups first, then users (everyone on the
 * first run, only changes afterwards thanks to the stored delta link), then people whose role changed
 * without any other change, then registrations made outside the bot. The delta link and the time of the
 * last success are stored only when everything worked, so a failed run is simply repeated next time.
 */
export class DirectorySyncService {
  constructor(private readonly deps: DirectorySyncDeps) {}

  async run(options: { full?: boolean; onProgress?: (p: SyncProgress) => void } = {}): Promise<SyncReport> {
    const { source, state, clock } = this.deps;
    const started = Date.now();
    const report = emptySyncReport();
    const previous = await state.get(source.name);
    await state.save(source.name, { lastAttemptAt: clock.now() });
    try {
      options.onProgress?.({ phase: 'groups', pages: 0, items: 0 });
      const groups = await source.readRoleGroups();
      const seen = new Set<string>();
      const result = await source.readUsers(
        options.full ? undefined : previous?.deltaToken,
        async (changes) => {
          report.pages += 1;
          await this.applyPage(changes, groups, seen, report);
          options.onProgress?.({ phase: 'users', pages: report.pages, items: report.users });
        },
      );
      report.full = result.full;
      if (!result.full && previous?.roles) {
        options.onProgress?.({ phase: 'roles', pages: report.pages, items: report.users });
        await this.applyRoleChanges(
          roleChanges(fromStoredRoles(previous.roles), groups),
          groups,
          seen,
          report,
        );
      }
      await this.readRegistrations(report, options.onProgress);
      report.durationMs = Date.now() - started;
      await state.save(source.name, {
        deltaToken: result.deltaToken,
        lastSuccessAt: clock.now(),
        lastError: undefined,
        roles: toStoredRoles(groups),
        lastCounts: reportCounts(report),
      });
      return report;
    } catch (err) {
      await state
        .save(source.name, { lastError: err instanceof Error ? err.message : String(err) })
        .catch(() => undefined);
      throw err;
    }
  }

  private async applyPage(
    changes: DirectoryChange[],
    groups: RoleGroupMembers,
    seen: Set<string>,
    report: SyncReport,
  ): Promise<void> {
    const removed: string[] = [];
    const records: DirectoryRecord[] = [];
    for (const change of changes) {
      if (change.kind === 'removed') {
        removed.push(change.id);
        continue;
      }
      const u = change.user;
      seen.add(u.id);
      report.users += 1;
      records.push({
        aadObjectId: u.id,
        upn: u.upn,
        displayName: u.displayName,
        organisation: u.organisation,
        orgUnit: u.orgUnit,
        ...roleOf(u.id, groups),
        ...(u.mobile ? { mobile: u.mobile } : {}),
      });
    }
    await this.inParallel(records, (r) => this.upsert(r, report));
    if (removed.length > 0) await this.markRemoved(removed, report);
  }

  private async upsert(record: DirectoryRecord, report: SyncReport): Promise<void> {
    try {
      report[await this.deps.staff.upsertFromDirectory(record, this.deps.clock.now())] += 1;
    } catch (err) {
      // The UPN belongs to another person in our records (a CSV import, or a reused name): counted, not fatal.
      if (!(err instanceof DuplicateKeyError)) throw err;
      report.rejected += 1;
    }
  }

  /** People whose groups changed but whose user object did not: their stored record gets the new role. */
  private async applyRoleChanges(
    ids: string[],
    groups: RoleGroupMembers,
    seen: Set<string>,
    report: SyncReport,
  ): Promise<void> {
    await this.inParallel(
      ids.filter((id) => !seen.has(id)),
      async (id) => {
        const member = await this.deps.staff.findByAadObjectId(id);
        if (!member) return;
        const { role, atp } = roleOf(id, groups);
        if (member.role === role && member.atp === atp) return;
        const { aadObjectId, upn, displayName, organisation, orgUnit } = member;
        const record: DirectoryRecord = { aadObjectId, upn, displayName, organisation, orgUnit, role, atp };
        await this.deps.staff.upsertFromDirectory(record, this.deps.clock.now());
        report.roleChanges += 1;
      },
    );
  }

  private async markRemoved(ids: string[], report: SyncReport): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.state.markRemoved(this.deps.source.name, ids, now);
    for (const id of ids) {
      const member = await this.deps.staff.findByAadObjectId(id);
      report.removed += 1;
      await this.deps.audit.append({
        at: now,
        actor: 'directory-sync',
        action: 'directory.removed',
        target: id,
        targetUpn: member?.upn,
        reason: 'removed from the directory (Microsoft Graph delta)',
        outcome: 'success',
      });
    }
  }

  private async readRegistrations(report: SyncReport, onProgress?: (p: SyncProgress) => void): Promise<void> {
    const source = this.deps.registrations;
    if (!source) return;
    let pages = 0;
    await source.readRegistrations(async (details) => {
      pages += 1;
      await this.inParallel(details, async (detail) => {
        report.registrations.read += 1;
        const outcome = await reconcileRegistration(this.deps, detail, this.deps.clock.now());
        report.registrations[outcome] += 1;
      });
      onProgress?.({ phase: 'registrations', pages, items: report.registrations.read });
    });
  }

  private async inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    const size = this.deps.concurrency ?? 8;
    for (let i = 0; i < items.length; i += size) {
      await Promise.all(items.slice(i, i + size).map(work));
    }
  }
}
