import type { StaffMember } from '../../domain/staff';
import {
  isMethodsFailure,
  type AuthenticationMethodsGateway,
  type EntraMethod,
} from '../../ports/authentication-methods';
import type { Clock } from '../../ports/clock';
import type { EnrolmentService } from '../enrolment/enrolment-service';

export interface EntraMethodsReaderDeps {
  gateway: AuthenticationMethodsGateway;
  enrolment: EnrolmentService;
  clock: Clock;
  /** Also read hardware OATH tokens (Graph beta), which /v1.0 .../methods does not list. */
  readOathTokens: boolean;
}

/**
 * Reads what Microsoft Entra ID holds for a person and records it on their staff record: the one way
 * `methods` (and so "registered") ever changes during enrolment.
 */
export class EntraMethodsReader {
  constructor(private readonly deps: EntraMethodsReaderDeps) {}

  /** Every method Entra holds now (and Graph's request id of the main read). */
  async read(userId: string): Promise<{ methods: EntraMethod[]; requestId: string }> {
    const listed = await this.deps.gateway.listMethods(userId);
    if (!this.deps.readOathTokens) return { methods: listed.value, requestId: listed.requestId };
    try {
      const tokens = await this.deps.gateway.listOathTokens(userId);
      return { methods: [...listed.value, ...tokens.value], requestId: listed.requestId };
    } catch (err) {
      // The beta endpoint refused (permission or tenant setting): what /v1.0 lists still stands.
      if (isMethodsFailure(err, 'forbidden', 'not-found'))
        return { methods: listed.value, requestId: listed.requestId };
      throw err;
    }
  }

  /** Reads Entra and records the result on the person; `action` names what the bot did, for admins. */
  async refresh(
    staff: StaffMember,
    action?: string,
  ): Promise<{ staff: StaffMember; methods: EntraMethod[] }> {
    const { methods, requestId } = await this.read(staff.aadObjectId);
    const updated = await this.deps.enrolment.recordEntra(
      staff,
      { methods, readAt: this.deps.clock.now(), source: 'methods', requestId },
      action,
    );
    return { staff: updated, methods };
  }
}

/** The ids of the Microsoft Authenticator registrations among `methods`. */
export function authenticatorIds(methods: readonly EntraMethod[]): string[] {
  return methods.filter((m) => m.kind === 'microsoftAuthenticator').map((m) => m.id);
}
