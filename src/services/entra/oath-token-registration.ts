import { randomBytes } from 'node:crypto';
import type { StaffMember } from '../../domain/staff';
import { isMethodsFailure, type AuthenticationMethodsGateway } from '../../ports/authentication-methods';
import type { EnrolmentService } from '../enrolment/enrolment-service';
import type { AppRegistrationService, NewSecretView } from '../totp/app-registration-service';
import type { EntraWait } from './entra-wait';

export interface OathTokenRegistrationDeps {
  gateway: AuthenticationMethodsGateway;
  app: AppRegistrationService;
  wait: EntraWait;
  enrolment: EnrolmentService;
  /** The token's name in Entra and in the person's Security info, e.g. "Example NHS Trust (Authenticator)". */
  displayName: string;
}

export type OathBeginOutcome =
  | { kind: 'ready'; view: NewSecretView; staff: StaffMember }
  /** The tenant does not allow it (hardware OATH off, or the permission is missing): use Security info. */
  | { kind: 'unavailable'; requestId: string };

export type OathActivateOutcome =
  | { kind: 'registered'; staff: StaffMember }
  | { kind: 'pending'; staff: StaffMember }
  /** Entra refused the activation: the token was unassigned and deleted; use Security info. */
  | { kind: 'failed'; staff: StaffMember };

export const OATH_CREATED = 'enrolment.oath-token-created';
export const OATH_ACTIVATED = 'enrolment.oath-token-activated';
export const OATH_DELETED = 'enrolment.oath-token-deleted';

/**
 * Path 4 (optional, GRAPH_OATH_TOKENS): codes from Microsoft Authenticator as an Entra hardware OATH token.
 * The bot makes the secret (otplib: base32, SHA-1, 30 s, 6 digits), creates a token for it in Entra
 * assigned to the person, shows the QR code once, checks the typed code itself (lockout and replay rules),
 * then activates the token with that code and reads it back. Confirming the code deletes the bot's copy of
 * the secret; a failed activation unassigns and deletes the token.
 */
export class OathTokenRegistration {
  constructor(private readonly deps: OathTokenRegistrationDeps) {}

  async begin(staff: StaffMember): Promise<OathBeginOutcome> {
    let requestId = '';
    try {
      const view = await this.deps.app.issueSecret(staff.aadObjectId, staff.upn, async (secretBase32) => {
        const created = await this.deps.gateway.createOathToken(staff.aadObjectId, {
          secretBase32,
          serialNumber: `MFABOT-${randomBytes(6).toString('hex').toUpperCase()}`,
          displayName: this.deps.displayName,
        });
        requestId = created.requestId;
        return created.value.deviceId;
      });
      const noted = await this.deps.enrolment.note(staff, { path: 'oath' });
      const recorded = await this.deps.enrolment.recordAction(noted, OATH_CREATED, {}, requestId);
      return { kind: 'ready', view, staff: recorded };
    } catch (err) {
      if (isMethodsFailure(err, 'forbidden', 'invalid', 'conflict'))
        return { kind: 'unavailable', requestId: err.requestId };
      throw err;
    }
  }

  /** After the bot's own check accepted `code` for the secret of token `deviceId`. */
  async activate(staff: StaffMember, deviceId: string, code: string): Promise<OathActivateOutcome> {
    let requestId: string;
    try {
      requestId = (
        await this.deps.gateway.activateOathToken(staff.aadObjectId, deviceId, code, this.deps.displayName)
      ).requestId;
    } catch (err) {
      if (!isMethodsFailure(err, 'forbidden', 'invalid', 'conflict', 'not-found')) throw err;
      return { kind: 'failed', staff: await this.discard(staff, deviceId, err.requestId) };
    }
    const activated = await this.deps.enrolment.recordAction(staff, OATH_ACTIVATED, {}, requestId);
    return this.readBack(activated, deviceId);
  }

  /** Restart or a new QR code: the unconfirmed secret goes, and the token made for it in Entra too. */
  async revoke(staff: StaffMember): Promise<StaffMember> {
    const { deviceId } = await this.deps.app.revoke(staff.aadObjectId);
    return deviceId ? this.discard(staff, deviceId) : staff;
  }

  private async readBack(staff: StaffMember, deviceId: string): Promise<OathActivateOutcome> {
    const polled = await this.deps.wait.poll(staff, (methods) =>
      methods.some((m) => m.kind === 'hardwareOath' && m.id === deviceId),
    );
    if (polled.found) return { kind: 'registered', staff: polled.staff };
    return { kind: 'pending', staff: await this.deps.wait.inBackground(polled.staff, 'oath') };
  }

  private async discard(
    staff: StaffMember,
    deviceId: string,
    failedRequestId?: string,
  ): Promise<StaffMember> {
    try {
      const deleted = await this.deps.gateway.deleteOathToken(staff.aadObjectId, deviceId);
      return this.deps.enrolment.recordAction(staff, OATH_DELETED, { failedRequestId }, deleted.requestId);
    } catch (err) {
      if (isMethodsFailure(err, 'not-found')) return staff;
      return this.deps.enrolment.recordAction(
        staff,
        OATH_DELETED,
        { failedRequestId },
        isMethodsFailure(err) ? err.requestId : undefined,
        'failed',
      );
    }
  }
}
