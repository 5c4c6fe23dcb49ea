import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { PhoneChannel } from '../../domain/enrolment';
import type { PhoneType } from '../../domain/entra-methods';
import { isAdminRole, isEnrolled, type StaffMember } from '../../domain/staff';
import {
  isMethodsFailure,
  type AuthenticationMethodsGateway,
  type EntraMethod,
} from '../../ports/authentication-methods';
import type { EnrolmentService } from '../enrolment/enrolment-service';
import type { EntraMethodsReader } from './entra-methods-reader';
import type { EntraWait } from './entra-wait';

export interface PhoneMethodRegistrationDeps {
  gateway: AuthenticationMethodsGateway;
  reader: EntraMethodsReader;
  wait: EntraWait;
  enrolment: EnrolmentService;
  /** Whether the bot may write a method for someone with an admin role (GRAPH_METHODS_FOR_ADMIN_ROLES). */
  writeForAdminRoles: boolean;
}

export type PhoneRegistrationOutcome =
  /** Entra holds the number now (the bot wrote it, or it was already there): registered. */
  | { kind: 'registered'; staff: StaffMember; written: boolean }
  /** Entra holds a different number of that type: never overwritten; the helpdesk sorts it out. */
  | { kind: 'different-number'; staff: StaffMember }
  /** Written, but not visible yet: the background check carries on. */
  | { kind: 'pending'; staff: StaffMember }
  /** People with an admin role register on Security info themselves (unless configured otherwise). */
  | { kind: 'admin-role'; staff: StaffMember };

export const PHONE_WRITTEN = 'enrolment.phone-written';

/**
 * Path 3, a phone number for text or voice codes. The bot's own code has proved the person holds the
 * phone; this puts the number into Entra: the same number already there counts, a different one of that
 * type is never overwritten, none is added (POST .../phoneMethods) and read back before anyone says done.
 */
export class PhoneMethodRegistration {
  constructor(private readonly deps: PhoneMethodRegistrationDeps) {}

  async register(staff: StaffMember, e164: string, channel: PhoneChannel): Promise<PhoneRegistrationOutcome> {
    const phoneType: PhoneType = channel === 'sms' || isMobile(e164) ? 'mobile' : 'office';
    const listed = await this.deps.gateway.listPhoneMethods(staff.aadObjectId);
    const sameType = listed.value.filter((m) => m.phoneType === phoneType);
    if (sameType.some((m) => samePhone(m, e164))) {
      const { staff: read } = await this.deps.reader.refresh(staff);
      return { kind: 'registered', staff: read, written: false };
    }
    if (sameType.length > 0) return { kind: 'different-number', staff };
    if ((isAdminRole(staff.role) || staff.role === 'helpdesk') && !this.deps.writeForAdminRoles) {
      return { kind: 'admin-role', staff };
    }
    let added;
    try {
      added = await this.deps.gateway.addPhoneMethod(staff.aadObjectId, entraPhoneFormat(e164), phoneType);
    } catch (err) {
      // Someone (or another window) added a number of that type a moment ago: look again, never overwrite.
      if (isMethodsFailure(err, 'conflict')) return { kind: 'different-number', staff };
      throw err;
    }
    const written = await this.deps.enrolment.recordAction(
      staff,
      PHONE_WRITTEN,
      { phoneType },
      added.requestId,
    );
    return this.readBack(written, e164, phoneType);
  }

  private async readBack(
    staff: StaffMember,
    e164: string,
    phoneType: PhoneType,
  ): Promise<PhoneRegistrationOutcome> {
    const polled = await this.deps.wait.poll(
      staff,
      (methods, read) =>
        isEnrolled(read) &&
        methods.some((m) => m.kind === 'phone' && m.phoneType === phoneType && samePhone(m, e164)),
    );
    if (polled.found) return { kind: 'registered', staff: polled.staff, written: true };
    return { kind: 'pending', staff: await this.deps.wait.inBackground(polled.staff, 'phone') };
  }
}

/** Entra's phone format: "+{country code} {national number}", e.g. "+44 7700900123". */
export function entraPhoneFormat(e164: string): string {
  const parsed = parsePhoneNumberWithError(e164);
  return `+${parsed.countryCallingCode} ${parsed.nationalNumber}`;
}

/** A mobile (or a number that may be one): Entra's 'mobile' type; landlines are 'office'. */
function isMobile(e164: string): boolean {
  const type = parsePhoneNumberWithError(e164).getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** Whether Entra's number (any spacing, maybe an extension) is the E.164 number. */
export function samePhone(method: Pick<EntraMethod, 'phoneNumber'>, e164: string): boolean {
  const digits = (method.phoneNumber ?? '').split(/x/i)[0]?.replace(/\D/g, '') ?? '';
  return digits.length > 0 && digits === e164.replace(/\D/g, '');
}
