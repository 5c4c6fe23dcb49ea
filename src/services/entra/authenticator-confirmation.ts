import { isEnrolled, type StaffMember } from '../../domain/staff';
import type { EnrolmentService } from '../enrolment/enrolment-service';
import type { AccessPasses } from './access-passes';
import { authenticatorIds, type EntraMethodsReader } from './entra-methods-reader';
import type { EntraWait } from './entra-wait';

export interface AuthenticatorConfirmationDeps {
  reader: EntraMethodsReader;
  wait: EntraWait;
  enrolment: EnrolmentService;
  passes: Pick<AccessPasses, 'retire'>;
}

export type AuthenticatorOutcome =
  /** Entra shows the method: the person is registered (recorded on `staff`). */
  | { kind: 'registered'; staff: StaffMember }
  /** Not visible yet: a background check is scheduled and will message them. */
  | { kind: 'not-yet'; staff: StaffMember };

export const AUTHENTICATOR_CONFIRMED = 'enrolment.authenticator-confirmed';

/**
 * Path 1, Microsoft Authenticator added on Security info. Before the instructions are shown the bot notes
 * which Authenticator registrations Entra already holds; "I've done it" reads Entra again, a few times a
 * few seconds apart, looking for a new one. Found: registered. Not yet: the background check carries on
 * and messages the person. Never says done without Entra showing the method.
 */
export class AuthenticatorConfirmation {
  constructor(private readonly deps: AuthenticatorConfirmationDeps) {}

  /** Reads Entra before the instructions (and records it): the baseline a new registration is told from. */
  async prepare(staff: StaffMember): Promise<StaffMember> {
    const { staff: read, methods } = await this.deps.reader.refresh(staff);
    return this.deps.enrolment.note(read, { path: 'authenticator', baseline: authenticatorIds(methods) });
  }

  /** "I've done it": a few reads of Entra; registered, or handed to the background check. */
  async confirm(staff: StaffMember): Promise<AuthenticatorOutcome> {
    const baseline = staff.enrolment.baseline ?? [];
    const polled = await this.deps.wait.poll(staff, (methods, read) =>
      hasNewRegistration(read, authenticatorIds(methods), baseline),
    );
    if (polled.found) return { kind: 'registered', staff: await this.finish(polled.staff) };
    return {
      kind: 'not-yet',
      staff: await this.deps.wait.inBackground(polled.staff, 'authenticator', baseline),
    };
  }

  /** Registered: audited, and the Temporary Access Pass the bot issued has done its job and is deleted. */
  async finish(staff: StaffMember): Promise<StaffMember> {
    const done = await this.deps.enrolment.recordAction(staff, AUTHENTICATOR_CONFIRMED, {
      methods: staff.methods,
    });
    return this.deps.passes.retire(done);
  }
}

/** A new Authenticator registration since the baseline, or any MFA method where there was none. */
export function hasNewRegistration(
  staff: StaffMember,
  ids: readonly string[],
  baseline: readonly string[],
): boolean {
  return ids.some((id) => !baseline.includes(id)) || (baseline.length === 0 && isEnrolled(staff));
}
