import type { StaffMember } from '../../domain/staff';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { EntraCheckRepository, PendingEntraCheck } from '../../ports/entra-check-repository';
import type { LeaseRepository } from '../../ports/lease-repository';
import type { Messenger, OutgoingMessage } from '../../ports/messenger';
import type { EnrolmentService } from '../enrolment/enrolment-service';
import { LeasedJob, type LeasedRun } from '../scheduling/leased-job';
import { hasNewRegistration, type AuthenticatorConfirmation } from './authenticator-confirmation';
import { authenticatorIds, type EntraMethodsReader } from './entra-methods-reader';

export const ENTRA_CHECK_LEASE = 'entra-checks';
const BATCH = 50;

/** How the outcome reads to the person (cards are the bot layer's: it supplies these). */
export interface EntraCheckNotices {
  /** Entra now shows the method: they are set up. */
  registered(staff: StaffMember, path: PendingEntraCheck['path']): OutgoingMessage;
  /** The last re-check found nothing: what to check, and how to try again or get help. */
  stillMissing(staff: StaffMember, path: PendingEntraCheck['path']): OutgoingMessage;
}

export interface EntraCheckWorkerDeps {
  checks: EntraCheckRepository;
  reader: EntraMethodsReader;
  enrolment: EnrolmentService;
  authenticator: Pick<AuthenticatorConfirmation, 'finish'>;
  messenger?: Messenger;
  notices: EntraCheckNotices;
  leases: LeaseRepository;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  recheckMinutes: readonly number[];
  intervalMs: number;
}

export interface EntraCheckPass {
  checked: number;
  registered: number;
  gaveUp: number;
}

/**
 * The background half of "I can't see it yet": on one instance at a time (a lease), reads Entra again
 * for everyone whose check is due, at ENTRA_RECHECK_MINUTES after they said it was done. When the method
 * shows, the person is recorded as registered and messaged; after the last re-check they are told what
 * to check. A check that fails (Graph down) is tried again on the next pass.
 */
export class EntraCheckWorker {
  private readonly job: LeasedJob<EntraCheckPass>;

  constructor(private readonly deps: EntraCheckWorkerDeps) {
    this.job = new LeasedJob({
      name: ENTRA_CHECK_LEASE,
      leases: deps.leases,
      clock: deps.clock,
      logger: deps.logger,
      intervalMs: deps.intervalMs,
      failureMessage: 'Entra re-check pass failed',
      run: (now) => this.pass(now),
    });
  }

  runOnce(): Promise<LeasedRun<EntraCheckPass>> {
    return this.job.runOnce();
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  private async pass(now: Date): Promise<EntraCheckPass> {
    const due = await this.deps.checks.due(now, BATCH);
    const tally: EntraCheckPass = { checked: 0, registered: 0, gaveUp: 0 };
    for (const check of due) {
      try {
        const outcome = await this.check(check);
        tally.checked += 1;
        if (outcome === 'registered') tally.registered += 1;
        if (outcome === 'gave-up') tally.gaveUp += 1;
      } catch (err) {
        this.deps.logger.warn(
          { err, target: check.aadObjectId },
          'Entra re-check failed: tried again next pass',
        );
      }
    }
    if (tally.checked > 0) this.deps.logger.info({ ...tally }, 'Entra re-checks done');
    return tally;
  }

  private async check(check: PendingEntraCheck): Promise<'registered' | 'waiting' | 'gave-up'> {
    const { checks, enrolment, reader } = this.deps;
    const person = await enrolment.load(check.aadObjectId).catch(() => undefined);
    if (!person) {
      await checks.remove(check.aadObjectId);
      return 'gave-up';
    }
    const { staff, methods } = await reader.refresh(person);
    if (hasNewRegistration(staff, authenticatorIds(methods), check.baseline) && staff.methods.length > 0) {
      const done = check.path === 'authenticator' ? await this.deps.authenticator.finish(staff) : staff;
      await checks.remove(check.aadObjectId);
      await this.tell(done, this.deps.notices.registered(done, check.path));
      return 'registered';
    }
    const attempt = check.attempt + 1;
    const nextMinutes = this.deps.recheckMinutes[attempt];
    if (nextMinutes !== undefined) {
      await checks.reschedule(
        check.aadObjectId,
        attempt,
        new Date(check.startedAt.getTime() + nextMinutes * 60_000),
      );
      return 'waiting';
    }
    await checks.remove(check.aadObjectId);
    const cleared = await enrolment.note(staff, { awaitingEntraSince: undefined });
    await this.tell(cleared, this.deps.notices.stillMissing(cleared, check.path));
    return 'gave-up';
  }

  private async tell(staff: StaffMember, message: OutgoingMessage): Promise<void> {
    const outcome = await this.deps.messenger?.sendToUser(staff.aadObjectId, message);
    if (outcome && outcome !== 'sent') {
      this.deps.logger.info({ target: staff.aadObjectId, outcome }, 'Entra re-check result not delivered');
    }
  }
}
