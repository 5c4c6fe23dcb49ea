import { randomUUID } from 'node:crypto';
import { badRequest, graphError, notFound, type Reply } from './graph-stub-reply';
import { base32Decode, verifyTotp, type TotpHash } from './rfc6238';

/** A registered authentication method as the stub's Entra holds it (Graph's properties, by type). */
export interface StubMethod {
  id: string;
  '@odata.type': string;
  displayName?: string;
  /** Phone methods. */
  phoneNumber?: string;
  phoneType?: string;
  smsSignInState?: string;
  /** Temporary Access Pass methods: the pass itself is never kept here (always null when read). */
  temporaryAccessPass?: null;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  startDateTime?: string;
  /** Hardware OATH methods: the device (token) behind the method; the method id is the device id. */
  device?: { id: string; serialNumber: string };
  createdDateTime?: string | null;
}

/** A hardware OATH token in the tenant's inventory (beta directory/authenticationMethodDevices). */
export interface StubOathDevice {
  id: string;
  serialNumber: string;
  manufacturer?: string;
  model?: string;
  secretKey: string;
  timeIntervalInSeconds: number;
  hashFunction: TotpHash;
  displayName?: string;
  assignedTo?: string;
  status: 'available' | 'assigned' | 'activated';
}

/** A Temporary Access Pass the stub created: what a test checks appears nowhere it should not. */
export interface IssuedPass {
  userId: string;
  methodId: string;
  pass: string;
}

/** The tenant's authentication methods policy, one state per method configuration. */
export type StubPolicyMethod =
  | 'microsoftAuthenticator'
  | 'sms'
  | 'voice'
  | 'temporaryAccessPass'
  | 'hardwareOath'
  | 'softwareOath'
  | 'fido2'
  | 'email';

const POLICY_IDS: Record<StubPolicyMethod, string> = {
  microsoftAuthenticator: 'MicrosoftAuthenticator',
  sms: 'Sms',
  voice: 'Voice',
  temporaryAccessPass: 'TemporaryAccessPass',
  hardwareOath: 'HardwareOath',
  softwareOath: 'SoftwareOath',
  fido2: 'Fido2',
  email: 'Email',
};

export const TYPES = {
  authenticator: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  phone: '#microsoft.graph.phoneAuthenticationMethod',
  tap: '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
  hardwareOath: '#microsoft.graph.hardwareOathAuthenticationMethod',
} as const;

/** Entra gives each phone type a fixed method id. */
const PHONE_IDS: Record<string, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};

/** Entra's documented phone format: "+{country code} {number}", optional "x{extension}". */
const PHONE_FORMAT = /^\+\d{1,3} \d{4,15}(x\d{1,10})?$/;
const MAX_OATH_TOKENS_PER_USER = 5;

/** The typed collections under /users/{id}/authentication and the method type each lists. */
const COLLECTIONS: Record<string, string> = {
  microsoftAuthenticatorMethods: TYPES.authenticator,
  phoneMethods: TYPES.phone,
  temporaryAccessPassMethods: TYPES.tap,
  hardwareOathMethods: TYPES.hardwareOath,
};

/**
 * Authentication methods in the stub's tenant: per-user methods with eventual consistency (a method added
 * through a helper or an API write shows in reads only after `visibleAfterReads` later reads of that
 * person's methods), the method collections the bot reads and writes, hardware OATH tokens checked with the
 * stub's own RFC 6238 code, and the authentication methods policy.
 */
export class StubAuthenticationMethods {
  /** Later reads of a person's methods before a new method shows; 0 = at once. Set per test. */
  visibleAfterReads = 0;
  readonly devices = new Map<string, StubOathDevice>();
  readonly issuedPasses: IssuedPass[] = [];
  readonly policy: Record<StubPolicyMethod, 'enabled' | 'disabled'> = {
    microsoftAuthenticator: 'enabled',
    sms: 'enabled',
    voice: 'enabled',
    temporaryAccessPass: 'enabled',
    hardwareOath: 'enabled',
    softwareOath: 'enabled',
    fido2: 'disabled',
    email: 'disabled',
  };
  /** The clock assignAndActivate checks codes against. */
  now: () => number = () => Date.now();
  private readonly pending = new WeakMap<StubMethod, number>();
  private passes = 0;

  constructor(
    readonly methods: Map<string, StubMethod[]>,
    private readonly userExists: (id: string) => boolean,
  ) {}

  /** What the person does on Security info: adds Microsoft Authenticator (subject to the visibility delay). */
  registerAuthenticator(userId: string, options: { displayName?: string } = {}): StubMethod {
    return this.add(userId, {
      id: randomUUID(),
      '@odata.type': TYPES.authenticator,
      displayName: options.displayName ?? 'iPhone',
      createdDateTime: null,
    });
  }

  /** What Entra holds for the person now, ignoring the visibility delay. */
  methodsOf(userId: string): StubMethod[] {
    return [...(this.methods.get(userId) ?? [])];
  }

  /** Answers the request when it is one of these endpoints; undefined otherwise. */
  handle(method: string, version: string, path: string, body: unknown): Reply | undefined {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/policies/authenticationMethodsPolicy') return this.readPolicy();
    if ((m = /^\/directory\/authenticationMethodDevices\/hardwareOathDevices(?:\/([^/]+))?$/.exec(path))) {
      if (method === 'POST' && !m[1]) return this.createDevice(body);
      if (method === 'DELETE' && m[1]) return this.deleteDevice(m[1]);
      return undefined;
    }
    if (!(m = /^\/users\/([^/]+)\/authentication\/([A-Za-z]+)(?:\/([^/]+))?$/.exec(path))) return undefined;
    const [, userId = '', collection = '', item] = m;
    if (!this.userExists(userId)) return notFound(userId);
    if (method === 'GET' && !item) return this.list(userId, collection, version);
    if (collection === 'phoneMethods' && method === 'POST' && !item) return this.addPhone(userId, body);
    if (collection === 'temporaryAccessPassMethods' && method === 'POST' && !item)
      return this.createPass(userId, body);
    if (collection === 'hardwareOathMethods' && method === 'POST' && item === 'assignAndActivate')
      return this.assignAndActivate(userId, body);
    if (collection === 'hardwareOathMethods' && method === 'DELETE' && item)
      return this.unassign(userId, item);
    if (method === 'DELETE' && item && collection.endsWith('Methods')) return this.remove(userId, item);
    return undefined;
  }

  private add(userId: string, method: StubMethod): StubMethod {
    const list = this.methods.get(userId) ?? [];
    list.push(method);
    this.methods.set(userId, list);
    if (this.visibleAfterReads > 0) this.pending.set(method, this.visibleAfterReads);
    return method;
  }

  /** A read of the person's methods: what is visible now; each hidden method comes one read closer. */
  private read(userId: string): StubMethod[] {
    const all = this.methods.get(userId) ?? [];
    const visible = all.filter((m) => (this.pending.get(m) ?? 0) === 0);
    for (const m of all) {
      const left = this.pending.get(m) ?? 0;
      if (left > 0) this.pending.set(m, left - 1);
    }
    return visible;
  }

  private list(userId: string, collection: string, version: string): Reply {
    const visible = this.read(userId);
    if (collection === 'methods') {
      // v1.0 lists v1.0 method types only: hardware OATH tokens exist in beta.
      const value =
        version === 'beta' ? visible : visible.filter((m) => m['@odata.type'] !== TYPES.hardwareOath);
      return { status: 200, body: { value } };
    }
    const type = COLLECTIONS[collection];
    if (!type) return notFound(collection);
    const value = visible.filter((m) => m['@odata.type'] === type).map(untyped);
    return { status: 200, body: { value } };
  }

  private addPhone(userId: string, body: unknown): Reply {
    const { phoneNumber, phoneType } = (body ?? {}) as { phoneNumber?: unknown; phoneType?: unknown };
    if (typeof phoneType !== 'string' || !PHONE_IDS[phoneType])
      return badRequest('phoneType must be mobile, alternateMobile or office.');
    // Like a service that echoes what it refuses: the adapter must keep this number out of its errors.
    if (typeof phoneNumber !== 'string' || !PHONE_FORMAT.test(phoneNumber))
      return badRequest(
        `Invalid phone number '${String(phoneNumber)}': use the format +{country code} {number}.`,
      );
    const phones = this.methodsOf(userId).filter((m) => m['@odata.type'] === TYPES.phone);
    if (phoneType === 'alternateMobile' && !phones.some((p) => p.phoneType === 'mobile'))
      return badRequest('A mobile phone method must exist before an alternateMobile phone is added.');
    if (phones.some((p) => p.phoneType === phoneType))
      return badRequest(`A phone method of type ${phoneType} already exists for this user.`);
    const method = this.add(userId, {
      id: PHONE_IDS[phoneType] ?? randomUUID(),
      '@odata.type': TYPES.phone,
      phoneNumber,
      phoneType,
      smsSignInState: 'notAllowedByPolicy',
    });
    return { status: 201, body: untyped(method) };
  }

  private createPass(userId: string, body: unknown): Reply {
    if (this.policy.temporaryAccessPass !== 'enabled')
      return badRequest(
        'Converged UserCredentialPolicy does not allow creating TemporaryAccessPass authentication method (stub).',
      );
    const request = (body ?? {}) as {
      lifetimeInMinutes?: number;
      isUsableOnce?: boolean;
      startDateTime?: string;
    };
    const minutes = request.lifetimeInMinutes ?? 60;
    if (!Number.isInteger(minutes) || minutes < 10 || minutes > 43_200)
      return badRequest('lifetimeInMinutes must be between 10 and 43200.');
    // A new pass replaces the person's current one.
    const list = this.methods.get(userId) ?? [];
    this.methods.set(
      userId,
      list.filter((m) => m['@odata.type'] !== TYPES.tap),
    );
    this.passes += 1;
    const pass = `TAP-SECRET-${122 + this.passes}`;
    const now = new Date(this.now()).toISOString();
    const method = this.add(userId, {
      id: `tap-${this.passes}`,
      '@odata.type': TYPES.tap,
      temporaryAccessPass: null,
      createdDateTime: now,
      startDateTime: request.startDateTime ?? now,
      lifetimeInMinutes: minutes,
      isUsableOnce: request.isUsableOnce ?? false,
    });
    this.issuedPasses.push({ userId, methodId: method.id, pass });
    return {
      status: 201,
      body: {
        ...untyped(method),
        temporaryAccessPass: pass,
        isUsable: true,
        methodUsabilityReason: 'EnabledByPolicy',
      },
    };
  }

  private remove(userId: string, methodId: string): Reply {
    const list = this.methods.get(userId) ?? [];
    const at = list.findIndex((x) => x.id === methodId);
    if (at < 0) return graphError(404, 'itemNotFound', 'No such method.');
    list.splice(at, 1);
    return { status: 204 };
  }

  private createDevice(body: unknown): Reply {
    if (this.policy.hardwareOath !== 'enabled')
      return badRequest(
        'The hardware OATH authentication method is not enabled in the tenant policy (stub).',
      );
    const d = (body ?? {}) as Partial<Record<keyof StubOathDevice | 'assignTo', unknown>>;
    const secret = typeof d.secretKey === 'string' ? d.secretKey : '';
    if (!secret || secret.length > 128 || !base32Decode(secret)?.length)
      return badRequest('secretKey must be base32, at most 128 characters.');
    const interval = Number(d.timeIntervalInSeconds ?? 30);
    if (interval !== 30 && interval !== 60) return badRequest('timeIntervalInSeconds must be 30 or 60.');
    const hash = d.hashFunction ?? 'hmacsha1';
    if (hash !== 'hmacsha1' && hash !== 'hmacsha256')
      return badRequest('hashFunction must be hmacsha1 or hmacsha256.');
    if (typeof d.serialNumber !== 'string' || !d.serialNumber) return badRequest('serialNumber is required.');
    const serial = d.serialNumber;
    if ([...this.devices.values()].some((x) => x.serialNumber === serial))
      return badRequest(`A hardware OATH token with serial number ${serial} already exists.`);
    const assignTo = (d.assignTo as { id?: string } | undefined)?.id;
    if (assignTo !== undefined) {
      if (!this.userExists(assignTo)) return notFound(assignTo);
      const held = [...this.devices.values()].filter((x) => x.assignedTo === assignTo).length;
      if (held >= MAX_OATH_TOKENS_PER_USER)
        return badRequest(`A user can have at most ${MAX_OATH_TOKENS_PER_USER} hardware OATH tokens.`);
    }
    const device: StubOathDevice = {
      id: randomUUID(),
      serialNumber: serial,
      manufacturer: typeof d.manufacturer === 'string' ? d.manufacturer : undefined,
      model: typeof d.model === 'string' ? d.model : undefined,
      secretKey: secret,
      timeIntervalInSeconds: interval,
      hashFunction: hash,
      displayName: typeof d.displayName === 'string' ? d.displayName : undefined,
      assignedTo: assignTo,
      status: assignTo ? 'assigned' : 'available',
    };
    this.devices.set(device.id, device);
    // Graph does not return the secret.
    const shown: Partial<StubOathDevice> = { ...device };
    delete shown.secretKey;
    delete shown.assignedTo;
    return { status: 201, body: { ...shown, assignTo: assignTo ? { id: assignTo } : null } };
  }

  private assignAndActivate(userId: string, body: unknown): Reply {
    if (this.policy.hardwareOath !== 'enabled')
      return badRequest(
        'The hardware OATH authentication method is not enabled in the tenant policy (stub).',
      );
    const request = (body ?? {}) as {
      device?: { id?: string };
      verificationCode?: unknown;
      displayName?: string;
    };
    const device = this.devices.get(request.device?.id ?? '');
    if (!device) return notFound(request.device?.id ?? 'device');
    if (device.assignedTo && device.assignedTo !== userId)
      return badRequest('The hardware OATH token is assigned to another user.');
    if (device.status === 'activated') return badRequest('The hardware OATH token is already activated.');
    const key = base32Decode(device.secretKey) ?? Buffer.alloc(0);
    const code = typeof request.verificationCode === 'string' ? request.verificationCode : '';
    const params = { stepSeconds: device.timeIntervalInSeconds, hash: device.hashFunction };
    if (!/^\d{6}$/.test(code) || !verifyTotp(key, code, this.now(), params))
      return badRequest('The verification code is not valid for this token.', 'invalidVerificationCode');
    device.assignedTo = userId;
    device.status = 'activated';
    device.displayName = request.displayName ?? device.displayName;
    this.add(userId, {
      id: device.id,
      '@odata.type': TYPES.hardwareOath,
      displayName: device.displayName,
      device: { id: device.id, serialNumber: device.serialNumber },
      createdDateTime: new Date(this.now()).toISOString(),
    });
    return { status: 204 };
  }

  /** Unassigns the token from the person: the method goes, the token stays in the inventory. */
  private unassign(userId: string, deviceId: string): Reply {
    const device = this.devices.get(deviceId);
    if (!device || device.assignedTo !== userId) return notFound(deviceId);
    device.assignedTo = undefined;
    device.status = 'available';
    const list = this.methods.get(userId) ?? [];
    this.methods.set(
      userId,
      list.filter((m) => m.id !== deviceId),
    );
    return { status: 204 };
  }

  private deleteDevice(deviceId: string): Reply {
    const device = this.devices.get(deviceId);
    if (!device) return notFound(deviceId);
    if (device.assignedTo) return badRequest('The token needs to be unassigned before it is deleted.');
    this.devices.delete(deviceId);
    return { status: 204 };
  }

  private readPolicy(): Reply {
    const configurations = (Object.keys(POLICY_IDS) as StubPolicyMethod[]).map((key) => ({
      '@odata.type': `#microsoft.graph.${key}AuthenticationMethodConfiguration`,
      id: POLICY_IDS[key],
      state: this.policy[key],
    }));
    return {
      status: 200,
      body: {
        id: 'authenticationMethodsPolicy',
        displayName: 'Authentication Methods Policy',
        authenticationMethodConfigurations: configurations,
      },
    };
  }
}

/** A typed collection does not repeat @odata.type on its items. */
function untyped(method: StubMethod): Partial<StubMethod> {
  const copy: Partial<StubMethod> = { ...method };
  delete copy['@odata.type'];
  return copy;
}
