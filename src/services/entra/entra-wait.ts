import type { StaffMember } from '../../domain/staff';
import { isMethodsFailure, type EntraMethod } from '../../ports/authentication-methods';
import type { Clock } from '../../ports/clock';
import type { EntraCheckRepository, PendingEntraCheck } from '../../ports/entra-check-repository';
import type { EnrolmentService } from '../enrolment/enrolment-service';
import type { EntraMethodsReader } from './entra-methods-reader';

export interface EntraWaitDeps {
  reader: EntraMethodsReader;
  enrolment: EnrolmentService;
  checks: EntraCheckRepository;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  settings: { confirmTries: number; confirmIntervalMs: number; recheckMinutes: readonly number[] };
}

/** What the person is waiting to see in Entra, given what was read and the person as recorded. */
export type EntraShows = (methods: readonly EntraMethod[], staff: StaffMember) => boolean;

/**
 * Waiting for Entra, which is eventually consistent: a method written or added a moment ago may show
 * only on a later read. A few reads a few seconds apart while the person waits; after that the background
 * check (EntraCheckWorker) reads again at ENTRA_RECHECK_MINUTES and messages them.
 */
export class EntraWait {
  constructor(private readonly deps: EntraWaitDeps) {}

  /** Reads (and records) Entra until `shows`; Graph throttled or unavailable ends the tries early. */
  async poll(staff: StaffMember, shows: EntraShows): Promise<{ found: boolean; staff: StaffMember }> {
    const { confirmTries, confirmIntervalMs } = this.deps.settings;
    let current = staff;
    for (let attempt = 1; attempt <= confirmTries; attempt++) {
      if (attempt > 1) await this.deps.sleep(confirmIntervalMs);
      try {
        const { staff: read, methods } = await this.deps.reader.refresh(current);
        current = read;
        if (shows(methods, read)) return { found: true, staff: read };
      } catch (err) {
        if (!isMethodsFailure(err, 'throttled', 'unavailable')) throw err;
        break;
      }
    }
    return { found: false, staff: current };
  }

  /** Hands the wait to the background check, which messages the person when Entra shows the method. */
  async inBackground(
    staff: StaffMember,
    path: PendingEntraCheck['path'],
    baseline: string[] = [],
  ): Promise<StaffMember> {
    const now = this.deps.clock.now();
    const first = this.deps.settings.recheckMinutes[0] ?? 2;
    await this.deps.checks.schedule({
      aadObjectId: staff.aadObjectId,
      path,
      baseline,
      startedAt: now,
      attempt: 0,
      dueAt: new Date(now.getTime() + first * 60_000),
    });
    return this.deps.enrolment.note(staff, { awaitingEntraSince: now });
  }
}
