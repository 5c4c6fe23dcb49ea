import { TurnContext } from 'botbuilder';
import type { StaffMember } from '../src/domain/staff';
import { isMethodsFailure } from '../src/ports/authentication-methods';
import { common, enrolment as s } from '../src/strings';
import { remember, type EnrolmentDeps } from './enrolment-context';

/**
 * Runs an Entra step of the enrolment; when Graph fails the person gets a plain answer instead of an
 * apology. Throttled or unavailable (after the adapter's retries): "try again in a few minutes". Anything
 * else (a missing permission or tenant setting, an unknown user): one admin-facing log line naming the
 * permission and Graph's request id, and the helpdesk is asked to finish it with the person (a ticket).
 * Returns undefined when it answered the failure itself.
 */
export async function inEntra<T>(
  deps: EnrolmentDeps,
  turn: TurnContext,
  staff: StaffMember,
  what: string,
  step: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (!isMethodsFailure(err)) throw err;
    if (err.kind === 'throttled' || err.kind === 'unavailable') {
      deps.logger.warn(
        { err, requestId: err.requestId, what },
        'Microsoft Graph did not answer during enrolment',
      );
      await turn.sendActivity(common.graphBusy);
      return undefined;
    }
    deps.logger.error(
      {
        err,
        requestId: err.requestId,
        status: err.status,
        permission: err.permission,
        what,
        target: staff.aadObjectId,
      },
      err.permission
        ? `Microsoft Graph refused ${what}: grant the application permission ${err.permission} (docs/operations.md)`
        : `Microsoft Graph refused ${what}`,
    );
    const conversation = TurnContext.getConversationReference(turn.activity);
    const handed = await deps.enrolment.requestHelpdesk(staff, 'cannot-finish', conversation);
    remember(turn, handed.staff);
    await turn.sendActivity(s.entra.cannotFinish(handed.reference));
    return undefined;
  }
}
