import type { Logger } from '../../logger';
import {
  AuthenticationMethodsError,
  isMethodsFailure,
  type AuthenticationMethodsGateway,
  type EntraMethod,
  type EntraMethodKind,
  type GraphCall,
  type IssuedTemporaryAccessPass,
  type MethodsFailureKind,
  type MethodsPolicy,
  type OathTokenDevice,
  type PhoneType,
} from '../../ports/authentication-methods';
import type { Clock } from '../../ports/clock';
import type { GraphApi, RequestOptions, TracedResponse } from './graph-api';
import {
  toEntraMethod,
  toMethodsPolicy,
  type GraphAuthMethod,
  type GraphMethodConfiguration,
} from './method-kinds';
import { defaultBadRequest, toMethodsError, type CallDescription } from './methods-failure';

/**
 * The least-privileged application permission of each call, as Microsoft's Graph reference lists it
 * (repeated in docs/operations.md). Where Microsoft names a narrower per-method permission as an
 * alternative, it is given too.
 */
export const METHOD_PERMISSIONS = {
  listMethods: 'UserAuthenticationMethod.Read.All',
  listAuthenticatorMethods: 'UserAuthMethod-MicrosoftAuthApp.Read.All (or UserAuthenticationMethod.Read.All)',
  listPhoneMethods: 'UserAuthMethod-Phone.Read.All (or UserAuthenticationMethod.Read.All)',
  addPhoneMethod: 'UserAuthenticationMethod.ReadWrite.All (or UserAuthMethod-Phone.ReadWrite.All)',
  createTemporaryAccessPass: 'UserAuthenticationMethod.ReadWrite.All',
  deleteTemporaryAccessPass: 'UserAuthenticationMethod.ReadWrite.All (or UserAuthMethod-TAP.ReadWrite.All)',
  createOathToken:
    'Policy.ReadWrite.AuthenticationMethod (assigning it to the person: also UserAuthenticationMethod.ReadWrite.All)',
  activateOathToken: 'UserAuthenticationMethod.ReadWrite.All',
  listOathTokens: 'UserAuthenticationMethod.Read.All',
  unassignOathToken: 'UserAuthenticationMethod.ReadWrite.All',
  deleteOathToken: 'Policy.ReadWrite.AuthenticationMethod',
  readMethodsPolicy: 'Policy.Read.AuthenticationMethod',
} as const;

/** Entra's phone format: "+{country code} {number}", optional "x{extension}" (e.g. "+44 7700900123"). */
export const ENTRA_PHONE_FORMAT = /^\+\d{1,3} \d{4,15}(x\d{1,10})?$/;

/** What the bot writes as the token's maker and model: it is a secret scanned into an app, not a key fob. */
const OATH_MANUFACTURER = 'MFA enrolment bot';
const OATH_MODEL = 'Authenticator app (TOTP, SHA-1, 30 s)';

interface Page<T> {
  value?: T[];
}

interface GraphPass {
  id: string;
  temporaryAccessPass?: string | null;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  startDateTime?: string | null;
  createdDateTime?: string | null;
}

/** A 400 to a phone write: a number Entra cannot read is invalid; otherwise a phone of that type is there. */
function phoneBadRequest(graphText: string): MethodsFailureKind {
  const kind = defaultBadRequest(graphText);
  if (kind === 'forbidden') return kind;
  return /format|invalid/i.test(graphText) && /phone|number/i.test(graphText) ? 'invalid' : 'conflict';
}

/**
 * Microsoft Entra ID's authentication methods through Microsoft Graph (v1.0, and beta for hardware OATH
 * tokens). Every call returns its client-request-id; every failure becomes an AuthenticationMethodsError
 * (see methods-failure.ts) with no pass, secret, code or phone number in its message or cause. Writes that
 * must not happen twice are not repeated after a timeout. Each call leaves one debug line: the call, its
 * request id, the time it took and, on failure, the status and kind; never what was sent or received.
 */
export class GraphAuthenticationMethods implements AuthenticationMethodsGateway {
  constructor(
    private readonly api: GraphApi,
    private readonly clock: Clock,
    private readonly logger?: Pick<Logger, 'debug'>,
  ) {}

  listMethods(userId: string): Promise<GraphCall<EntraMethod[]>> {
    return this.list(userId, 'methods', undefined, { call: 'listMethods' });
  }

  listAuthenticatorMethods(userId: string): Promise<GraphCall<EntraMethod[]>> {
    return this.list(userId, 'microsoftAuthenticatorMethods', 'microsoftAuthenticator', {
      call: 'listAuthenticatorMethods',
    });
  }

  listPhoneMethods(userId: string): Promise<GraphCall<EntraMethod[]>> {
    return this.list(userId, 'phoneMethods', 'phone', { call: 'listPhoneMethods' });
  }

  listOathTokens(userId: string): Promise<GraphCall<EntraMethod[]>> {
    return this.list(userId, 'hardwareOathMethods', 'hardwareOath', {
      call: 'listOathTokens',
      version: 'beta',
    });
  }

  async addPhoneMethod(
    userId: string,
    phoneNumber: string,
    phoneType: PhoneType,
  ): Promise<GraphCall<EntraMethod>> {
    const call = this.describe('addPhoneMethod', { secrets: [phoneNumber], badRequest: phoneBadRequest });
    if (!ENTRA_PHONE_FORMAT.test(phoneNumber)) {
      throw new AuthenticationMethodsError(
        'addPhoneMethod was not sent: the number is not in Entra\'s "+{country code} {number}" form',
        'invalid',
        400,
        'not-sent',
      );
    }
    const { body, requestId } = await this.send<GraphAuthMethod>(
      call,
      'POST',
      `${methodsOf(userId)}/phoneMethods`,
      {
        body: { phoneNumber, phoneType },
        idempotent: false,
      },
    );
    return { value: toEntraMethod(body, 'phone'), requestId };
  }

  async createTemporaryAccessPass(
    userId: string,
    options: { lifetimeMinutes: number; usableOnce: boolean },
  ): Promise<GraphCall<IssuedTemporaryAccessPass>> {
    const call = this.describe('createTemporaryAccessPass');
    const { body, requestId } = await this.send<GraphPass>(
      call,
      'POST',
      `${methodsOf(userId)}/temporaryAccessPassMethods`,
      {
        body: { lifetimeInMinutes: options.lifetimeMinutes, isUsableOnce: options.usableOnce },
        idempotent: false,
      },
    );
    if (!body.temporaryAccessPass) {
      throw new AuthenticationMethodsError(
        'Microsoft Graph created a Temporary Access Pass but returned no pass',
        'unavailable',
        201,
        requestId,
      );
    }
    const lifetimeMinutes = body.lifetimeInMinutes ?? options.lifetimeMinutes;
    const startsAt = dateOr(body.startDateTime ?? body.createdDateTime, this.clock.now());
    return {
      value: {
        methodId: body.id,
        pass: body.temporaryAccessPass,
        lifetimeMinutes,
        usableOnce: body.isUsableOnce ?? options.usableOnce,
        startsAt,
        expiresAt: new Date(startsAt.getTime() + lifetimeMinutes * 60_000),
      },
      requestId,
    };
  }

  async deleteTemporaryAccessPass(userId: string, methodId: string): Promise<GraphCall<void>> {
    const call = this.describe('deleteTemporaryAccessPass');
    const path = `${methodsOf(userId)}/temporaryAccessPassMethods/${encodeURIComponent(methodId)}`;
    return this.deleteAllowingGone(call, path);
  }

  async createOathToken(
    userId: string,
    token: { secretBase32: string; serialNumber: string; displayName: string },
  ): Promise<GraphCall<OathTokenDevice>> {
    const secretKey = token.secretBase32.replace(/[\s=]/g, '').toUpperCase();
    const call = this.describe('createOathToken', { secrets: [token.secretBase32, secretKey] });
    const { body, requestId } = await this.send<{ id: string }>(
      call,
      'POST',
      '/directory/authenticationMethodDevices/hardwareOathDevices',
      {
        version: 'beta',
        idempotent: false,
        body: {
          serialNumber: token.serialNumber,
          manufacturer: OATH_MANUFACTURER,
          model: OATH_MODEL,
          secretKey,
          timeIntervalInSeconds: 30,
          hashFunction: 'hmacsha1',
          displayName: token.displayName,
          assignTo: { id: userId },
        },
      },
    );
    return { value: { deviceId: body.id }, requestId };
  }

  async activateOathToken(
    userId: string,
    deviceId: string,
    verificationCode: string,
    displayName: string,
  ): Promise<GraphCall<void>> {
    const call = this.describe('activateOathToken', { secrets: [verificationCode] });
    const { requestId } = await this.send(
      call,
      'POST',
      `${methodsOf(userId)}/hardwareOathMethods/assignAndActivate`,
      {
        version: 'beta',
        idempotent: false,
        body: { device: { id: deviceId }, verificationCode, displayName },
      },
    );
    return { value: undefined, requestId };
  }

  /** Unassigns the token from the person (Graph deletes only unassigned tokens), then deletes it. */
  async deleteOathToken(userId: string, deviceId: string): Promise<GraphCall<void>> {
    const id = encodeURIComponent(deviceId);
    await this.deleteAllowingGone(
      this.describe('unassignOathToken'),
      `${methodsOf(userId)}/hardwareOathMethods/${id}`,
      'beta',
    );
    return this.deleteAllowingGone(
      this.describe('deleteOathToken'),
      `/directory/authenticationMethodDevices/hardwareOathDevices/${id}`,
      'beta',
    );
  }

  async readMethodsPolicy(): Promise<GraphCall<MethodsPolicy>> {
    const { body, requestId } = await this.send<{
      authenticationMethodConfigurations?: GraphMethodConfiguration[];
    }>(this.describe('readMethodsPolicy'), 'GET', '/policies/authenticationMethodsPolicy');
    return { value: toMethodsPolicy(body.authenticationMethodConfigurations ?? []), requestId };
  }

  private async list(
    userId: string,
    collection: string,
    kind: EntraMethodKind | undefined,
    options: { call: keyof typeof METHOD_PERMISSIONS; version?: 'beta' },
  ): Promise<GraphCall<EntraMethod[]>> {
    const { body, requestId } = await this.send<Page<GraphAuthMethod>>(
      this.describe(options.call),
      'GET',
      `${methodsOf(userId)}/${collection}`,
      { version: options.version },
    );
    return { value: (body.value ?? []).map((m) => toEntraMethod(m, kind)), requestId };
  }

  /** A DELETE where "already gone" (404) is success. */
  private async deleteAllowingGone(
    call: CallDescription,
    path: string,
    version?: 'beta',
  ): Promise<GraphCall<void>> {
    try {
      const { requestId } = await this.send(call, 'DELETE', path, { version });
      return { value: undefined, requestId };
    } catch (err) {
      if (isMethodsFailure(err, 'not-found')) return { value: undefined, requestId: err.requestId };
      throw err;
    }
  }

  private describe(
    call: keyof typeof METHOD_PERMISSIONS,
    extra: Omit<CallDescription, 'call' | 'permission'> = {},
  ): CallDescription {
    return { call, permission: METHOD_PERMISSIONS[call], ...extra };
  }

  private async send<T>(
    call: CallDescription,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: RequestOptions = {},
  ): Promise<TracedResponse<T>> {
    const started = Date.now();
    try {
      const response = await this.api.request<T>(method, path, options);
      this.logger?.debug(
        { graphCall: call.call, requestId: response.requestId, ms: Date.now() - started },
        'Microsoft Graph call',
      );
      return response;
    } catch (err) {
      const failure = toMethodsError(err, call);
      if (failure instanceof AuthenticationMethodsError) {
        this.logger?.debug(
          {
            graphCall: call.call,
            requestId: failure.requestId,
            ms: Date.now() - started,
            status: failure.status,
            kind: failure.kind,
          },
          'Microsoft Graph call failed',
        );
      }
      throw failure;
    }
  }
}

function methodsOf(userId: string): string {
  return `/users/${encodeURIComponent(userId)}/authentication`;
}

function dateOr(value: string | null | undefined, fallback: Date): Date {
  const at = value ? new Date(value) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : fallback;
}
