import { isExceptionActive } from '../../domain/exception-policy';
import type { StaffMember } from '../../domain/staff';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { Messenger } from '../../ports/messenger';
import type {
  MfaPolicyGroups,
  MfaPolicyHook,
  PolicyActor,
  PolicyTarget,
} from '../../ports/mfa-policy-groups';
import { temporaryAccessPass } from '../../strings/graph';
import { formatShort } from '../../strings/dates';

/** Actions after which the person's registered methods are deleted in the tenant (they register again). */
const RESET_ACTIONS: readonly string[] = ['enrolment.reset', 'account.compromised'];

/**
 * Keeps the tenant in step with the bot's record after an admin change or an exception expiry:
 * MFA group membership follows `mfa.enabled`, exception group membership follows an active exception,
 * and re-enrolment deletes registered methods. Only what changed is written; the group writes are
 * idempotent and audited by the adapter. Never throws: the stored change stands and the failure is
 * logged (the adapter audits it as failed).
 */
export class PolicySync implements MfaPolicyHook {
  constructor(
    private readonly groups: MfaPolicyGroups,
    private readonly clock: Clock,
    private readonly logger: Pick<Logger, 'warn'>,
    /** To hand a Temporary Access Pass privately to the admin who asked for the re-enrolment. */
    private readonly tap?: { messenger: Messenger; timezone: string },
  ) {}

  async afterChange(
    action: string,
    before: StaffMember,
    after: StaffMember,
    actor: PolicyActor,
  ): Promise<void> {
    if (!this.groups.enabled) return;
    const now = this.clock.now();
    const target = { aadObjectId: after.aadObjectId, upn: after.upn };
    const steps: { what: string; run: () => Promise<unknown> }[] = [];
    if (before.mfa.enabled !== after.mfa.enabled || action.startsWith('mfa.'))
      steps.push({
        what: 'mfa group',
        run: () => this.groups.applyMfaEnabled(target, after.mfa.enabled, actor),
      });
    const hadException = isExceptionActive(before.exception, now);
    const hasException = isExceptionActive(after.exception, now);
    if (hadException !== hasException || action.startsWith('exception.'))
      steps.push({
        what: 'exception group',
        run: () => this.groups.applyException(target, hasException, actor),
      });
    if (RESET_ACTIONS.includes(action)) {
      steps.push({ what: 'methods reset', run: () => this.groups.resetAuthenticationMethods(target, actor) });
      if (this.tap && actor.id !== 'system')
        steps.push({
          what: 'temporary access pass',
          run: () => this.offerPass(target, after.displayName, actor),
        });
    }
    for (const step of steps) {
      try {
        await step.run();
      } catch (err) {
        this.logger.warn(
          { err, action, target: after.aadObjectId, step: step.what },
          'Graph policy change failed',
        );
      }
    }
  }

  /** Creates the pass (when configured) and sends it only to the acting admin; the code is never logged. */
  private async offerPass(target: PolicyTarget, name: string, actor: PolicyActor): Promise<void> {
    const tap = this.tap;
    if (!tap) return;
    const pass = await this.groups.createTemporaryAccessPass(target, actor);
    if (!pass) return;
    const until = formatShort(pass.expiresAt, tap.timezone);
    const outcome = await tap.messenger.sendToUser(actor.id, temporaryAccessPass(name, pass.passCode, until));
    if (outcome !== 'sent')
      this.logger.warn(
        { target: target.aadObjectId, outcome },
        'Temporary Access Pass not delivered to the admin',
      );
  }
}
