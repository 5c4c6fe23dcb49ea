/**
 * Microsoft Entra ID's authentication methods for one person, read and written through Microsoft Graph.
 * Entra is the record of truth for "registered": the bot says someone is set up only after reading the
 * method back through this port. Implemented by src/adapters/graph/graph-authentication-methods.ts; absent
 * when Graph is not configured (the bot then runs its labelled practice mode).
 *
 * Nothing here ever carries a pass, secret, code or phone number into a log: the types that hold one say so.
 */
import type { EntraMethodKind, PhoneType } from '../domain/entra-methods';
import { AppError } from '../errors';

export type { EntraMethodKind, PhoneType } from '../domain/entra-methods';

/** One registered method as Graph lists it. */
export interface EntraMethod {
  id: string;
  kind: EntraMethodKind;
  /** Phone methods only. */
  phoneType?: PhoneType;
  /** Phone methods only: Entra's "+44 7700900123" form. Personal data: compare it, never log it. */
  phoneNumber?: string;
  /** Authenticator only: the phone's name in the app (e.g. "iPhone 15"), when Graph gives it. */
  displayName?: string;
}

/** Every Graph call reports its request id (client-request-id), for logs and the audit record. */
export interface GraphCall<T> {
  value: T;
  requestId: string;
}

/** A Temporary Access Pass just created. `pass` is a credential: shown once to its owner, never stored or logged. */
export interface IssuedTemporaryAccessPass {
  methodId: string;
  pass: string;
  lifetimeMinutes: number;
  usableOnce: boolean;
  startsAt: Date;
  expiresAt: Date;
}

/** The hardware OATH token the bot created for a secret it generated (Graph beta). */
export interface OathTokenDevice {
  deviceId: string;
}

/** Which enrolment paths the tenant's authentication methods policy allows (read at start-up). */
export interface MethodsPolicy {
  microsoftAuthenticator: boolean;
  sms: boolean;
  voice: boolean;
  temporaryAccessPass: boolean;
  hardwareOath: boolean;
}

/**
 * Why a Graph call failed, in the terms the enrolment needs:
 *   forbidden    403: a permission or tenant setting is missing (admin-facing log names it; the person is
 *                handed to the helpdesk);
 *   not-found    404: no such user, method or device;
 *   conflict     400/409 that means "already there" or "not allowed in this state" (e.g. a second mobile);
 *   invalid      400 for a bad value (e.g. a phone number Entra does not accept);
 *   throttled    429 after the retries the adapter makes (Retry-After honoured);
 *   unavailable  5xx, a timeout or no connection, after retries.
 */
export type MethodsFailureKind =
  'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'throttled' | 'unavailable';

/** Operational (Graph failing is expected); the message names the call, never a credential or phone number. */
export class AuthenticationMethodsError extends AppError {
  constructor(
    message: string,
    public readonly kind: MethodsFailureKind,
    public readonly status: number,
    public readonly requestId: string,
    /** For 403: the least-privileged application permission this call needs (admin-facing). */
    public readonly permission?: string,
    options?: { cause?: unknown },
  ) {
    super('INTERNAL', message, true, options);
    this.name = 'AuthenticationMethodsError';
  }
}

export function isMethodsFailure(
  err: unknown,
  ...kinds: MethodsFailureKind[]
): err is AuthenticationMethodsError {
  return err instanceof AuthenticationMethodsError && (kinds.length === 0 || kinds.includes(err.kind));
}

/**
 * The Graph calls enrolment makes, each for one user (their Entra object id). Every method throws
 * AuthenticationMethodsError on failure; reads return what Entra holds now (eventually consistent: a method
 * added a moment ago may show only on a later read).
 */
export interface AuthenticationMethodsGateway {
  /** GET /users/{id}/authentication/methods (v1.0 types). */
  listMethods(userId: string): Promise<GraphCall<EntraMethod[]>>;
  /** GET /users/{id}/authentication/microsoftAuthenticatorMethods. */
  listAuthenticatorMethods(userId: string): Promise<GraphCall<EntraMethod[]>>;
  /** GET /users/{id}/authentication/phoneMethods. */
  listPhoneMethods(userId: string): Promise<GraphCall<EntraMethod[]>>;
  /** POST /users/{id}/authentication/phoneMethods; `phoneNumber` in Entra's "+44 7700900123" form. */
  addPhoneMethod(userId: string, phoneNumber: string, phoneType: PhoneType): Promise<GraphCall<EntraMethod>>;
  /** POST /users/{id}/authentication/temporaryAccessPassMethods. */
  createTemporaryAccessPass(
    userId: string,
    options: { lifetimeMinutes: number; usableOnce: boolean },
  ): Promise<GraphCall<IssuedTemporaryAccessPass>>;
  /** DELETE /users/{id}/authentication/temporaryAccessPassMethods/{methodId}; a pass already gone is fine. */
  deleteTemporaryAccessPass(userId: string, methodId: string): Promise<GraphCall<void>>;
  /** POST /beta/directory/authenticationMethodDevices/hardwareOathDevices, assigned to the user. */
  createOathToken(
    userId: string,
    token: { secretBase32: string; serialNumber: string; displayName: string },
  ): Promise<GraphCall<OathTokenDevice>>;
  /** POST /beta/users/{id}/authentication/hardwareOathMethods/assignAndActivate with a current code. */
  activateOathToken(
    userId: string,
    deviceId: string,
    verificationCode: string,
    displayName: string,
  ): Promise<GraphCall<void>>;
  /** GET /beta/users/{id}/authentication/hardwareOathMethods (the method id is the device id). */
  listOathTokens(userId: string): Promise<GraphCall<EntraMethod[]>>;
  /** DELETE /beta/directory/authenticationMethodDevices/hardwareOathDevices/{deviceId} (unassigns first). */
  deleteOathToken(userId: string, deviceId: string): Promise<GraphCall<void>>;
  /** GET /v1.0/policies/authenticationMethodsPolicy. */
  readMethodsPolicy(): Promise<GraphCall<MethodsPolicy>>;
}
