import {
  GraphAuthenticationMethods,
  METHOD_PERMISSIONS,
} from '../../../src/adapters/graph/graph-authentication-methods';
import {
  AuthenticationMethodsError,
  type AuthenticationMethodsGateway,
} from '../../../src/ports/authentication-methods';
import { base32Decode, totp } from '../../support/rfc6238';
import { createGraphWorld, guardNetwork, releaseNetwork, stubUser, type GraphWorld } from './graph-fixture';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function failure(promise: Promise<unknown>): Promise<AuthenticationMethodsError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AuthenticationMethodsError))
    throw new Error(`expected a methods failure, got ${String(err)}`);
  return err;
}

function codeFor(secret: string, atMs = Date.now()): string {
  const key = base32Decode(secret);
  if (!key) throw new Error('not base32');
  return totp(key, atMs);
}

describe('Entra authentication methods through Graph (adapter against the stub over HTTP)', () => {
  let w: GraphWorld;
  let methods: AuthenticationMethodsGateway;
  const jane = stubUser(2, { displayName: 'Jane Smith' });

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    w = await createGraphWorld();
    w.stub.putUser(jane);
    methods = w.graph.methods;
  });
  afterEach(async () => {
    await w.close();
  });

  const lastRequest = () => {
    const r = w.stub.requests[w.stub.requests.length - 1];
    if (!r) throw new Error('no request');
    return r;
  };

  describe('reads', () => {
    it('when the methods are listed, then each Graph type maps to its kind, phones keep type and number, and v1.0 shows no hardware token', async () => {
      w.stub.methods.set(jane.id, [
        { id: 'pw', '@odata.type': '#microsoft.graph.passwordAuthenticationMethod' },
        {
          id: 'ph',
          '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
          phoneNumber: '+44 7700900123',
          phoneType: 'mobile',
        },
        {
          id: 'ma',
          '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
          displayName: 'Pixel 8',
        },
        { id: 'sw', '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod' },
        { id: 'fi', '@odata.type': '#microsoft.graph.fido2AuthenticationMethod' },
        { id: 'wh', '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod' },
        { id: 'em', '@odata.type': '#microsoft.graph.emailAuthenticationMethod' },
        { id: 'tp', '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod' },
        { id: 'pc', '@odata.type': '#microsoft.graph.platformCredentialAuthenticationMethod' },
        { id: 'hw', '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod' },
      ]);

      const listed = await methods.listMethods(jane.id);

      expect(listed.value).toEqual([
        { id: 'pw', kind: 'password' },
        { id: 'ph', kind: 'phone', phoneType: 'mobile', phoneNumber: '+44 7700900123' },
        { id: 'ma', kind: 'microsoftAuthenticator', displayName: 'Pixel 8' },
        { id: 'sw', kind: 'softwareOath' },
        { id: 'fi', kind: 'fido2' },
        { id: 'wh', kind: 'windowsHelloForBusiness' },
        { id: 'em', kind: 'email' },
        { id: 'tp', kind: 'temporaryAccessPass' },
        { id: 'pc', kind: 'other' },
      ]);
      expect(lastRequest()).toMatchObject({
        method: 'GET',
        version: 'v1.0',
        path: `/users/${jane.id}/authentication/methods`,
      });
    });

    it('when calls are made, then each sends its own client-request-id and returns it as the request id', async () => {
      const first = await methods.listMethods(jane.id);
      const firstSent = lastRequest().clientRequestId;
      const second = await methods.listPhoneMethods(jane.id);

      expect(first.requestId).toMatch(UUID);
      expect(first.requestId).toBe(firstSent);
      expect(second.requestId).toBe(lastRequest().clientRequestId);
      expect(second.requestId).not.toBe(first.requestId);
    });

    it('when the person adds Authenticator on Security info, then it shows only after the reads Entra needs (eventual consistency)', async () => {
      w.stub.visibleAfterReads = 2;
      w.stub.registerAuthenticator(jane.id, { displayName: 'iPhone 15' });

      expect(w.stub.methodsOf(jane.id)).toHaveLength(1);
      expect((await methods.listAuthenticatorMethods(jane.id)).value).toEqual([]);
      expect((await methods.listMethods(jane.id)).value).toEqual([]);
      const third = await methods.listAuthenticatorMethods(jane.id);

      expect(third.value).toEqual([
        { id: expect.stringMatching(UUID), kind: 'microsoftAuthenticator', displayName: 'iPhone 15' },
      ]);
    });

    it('when the tenant policy is read, then each path is allowed only when its method is enabled', async () => {
      expect((await methods.readMethodsPolicy()).value).toEqual({
        microsoftAuthenticator: true,
        sms: true,
        voice: true,
        temporaryAccessPass: true,
        hardwareOath: true,
      });
      w.stub.policy.sms = 'disabled';
      w.stub.policy.hardwareOath = 'disabled';

      const policy = await methods.readMethodsPolicy();

      expect(policy.value).toMatchObject({ sms: false, hardwareOath: false, microsoftAuthenticator: true });
      expect(lastRequest()).toMatchObject({ method: 'GET', path: '/policies/authenticationMethodsPolicy' });
    });
  });

  describe('phone methods', () => {
    it('when a mobile is added, then Entra holds it and a later read gives it back with its number', async () => {
      const added = await methods.addPhoneMethod(jane.id, '+44 7700900123', 'mobile');

      expect(added.value).toMatchObject({
        kind: 'phone',
        phoneType: 'mobile',
        phoneNumber: '+44 7700900123',
      });
      expect(added.requestId).toBe(lastRequest().clientRequestId);
      expect(w.stub.methodsOf(jane.id)).toEqual([expect.objectContaining({ phoneNumber: '+44 7700900123' })]);
      const read = await methods.listPhoneMethods(jane.id);
      expect(read.value).toEqual([
        { id: added.value.id, kind: 'phone', phoneType: 'mobile', phoneNumber: '+44 7700900123' },
      ]);
    });

    it('when a second mobile is added, then Entra refuses it as a conflict and keeps the first', async () => {
      await methods.addPhoneMethod(jane.id, '+44 7700900123', 'mobile');

      const err = await failure(methods.addPhoneMethod(jane.id, '+44 7700900999', 'mobile'));

      expect(err).toMatchObject({ kind: 'conflict', status: 400, permission: undefined });
      expect(err.requestId).toBe(lastRequest().requestId);
      expect(w.stub.methodsOf(jane.id).map((m) => m.phoneNumber)).toEqual(['+44 7700900123']);
    });

    it('when the number is not in "+CC number" form, then it is refused as invalid without calling Graph', async () => {
      const err = await failure(methods.addPhoneMethod(jane.id, '07700 900123', 'mobile'));

      expect(err).toMatchObject({ kind: 'invalid', status: 400, requestId: 'not-sent' });
      expect(w.stub.count('POST', /phoneMethods$/)).toBe(0);
    });

    it('when Entra itself refuses the number as malformed, then the failure is invalid', async () => {
      w.stub.failNext(1, /phoneMethods$/, {
        status: 400,
        code: 'badRequest',
        message: "Invalid phone number '+44 7700900123': the number is too short.",
      });

      const err = await failure(methods.addPhoneMethod(jane.id, '+44 7700900123', 'mobile'));

      expect(err.kind).toBe('invalid');
    });
  });

  describe('Temporary Access Pass', () => {
    it('when a pass is created, then the pass comes back once with its lifetime, and Entra then holds the method', async () => {
      const before = Date.now();
      const created = await methods.createTemporaryAccessPass(jane.id, {
        lifetimeMinutes: 60,
        usableOnce: true,
      });

      const [issued] = w.stub.issuedPasses;
      expect(created.value).toMatchObject({
        methodId: issued?.methodId,
        pass: issued?.pass,
        lifetimeMinutes: 60,
        usableOnce: true,
      });
      expect(created.value.startsAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(created.value.expiresAt.getTime() - created.value.startsAt.getTime()).toBe(60 * 60_000);
      expect(created.requestId).toBe(lastRequest().clientRequestId);
      const listed = await methods.listMethods(jane.id);
      expect(listed.value).toEqual([{ id: created.value.methodId, kind: 'temporaryAccessPass' }]);
    });

    it('when a second pass is created, then it replaces the first', async () => {
      await methods.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true });
      const second = await methods.createTemporaryAccessPass(jane.id, {
        lifetimeMinutes: 120,
        usableOnce: false,
      });

      expect(w.stub.methodsOf(jane.id).map((m) => m.id)).toEqual([second.value.methodId]);
      expect(second.value).toMatchObject({ lifetimeMinutes: 120, usableOnce: false });
    });

    it('when the pass is deleted, then Entra no longer holds it, and deleting it again is fine', async () => {
      const created = await methods.createTemporaryAccessPass(jane.id, {
        lifetimeMinutes: 60,
        usableOnce: true,
      });

      const deleted = await methods.deleteTemporaryAccessPass(jane.id, created.value.methodId);
      const again = await methods.deleteTemporaryAccessPass(jane.id, created.value.methodId);

      expect(w.stub.methodsOf(jane.id)).toEqual([]);
      expect(deleted.requestId).toMatch(UUID);
      expect(again.requestId).toMatch(UUID);
      expect(w.stub.count('DELETE', /temporaryAccessPassMethods\//)).toBe(2);
    });

    it('when the tenant policy does not allow passes, then creating one is forbidden (a tenant setting, not a permission)', async () => {
      w.stub.policy.temporaryAccessPass = 'disabled';

      const err = await failure(
        methods.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true }),
      );

      expect(err).toMatchObject({ kind: 'forbidden', status: 400, permission: undefined });
      expect(err.message).toMatch(/authentication methods policy does not allow it/);
    });
  });

  describe('hardware OATH tokens (Graph beta)', () => {
    it('when a token is created and activated with a current code, then Entra holds it for the person (beta list, not v1.0)', async () => {
      const created = await methods.createOathToken(jane.id, {
        secretBase32: SECRET,
        serialNumber: 'BOT-0001',
        displayName: 'Authenticator app',
      });
      const device = w.stub.devices.get(created.value.deviceId);
      expect(device).toMatchObject({
        secretKey: SECRET,
        assignedTo: jane.id,
        hashFunction: 'hmacsha1',
        timeIntervalInSeconds: 30,
        status: 'assigned',
      });
      expect(lastRequest()).toMatchObject({
        method: 'POST',
        version: 'beta',
        path: '/directory/authenticationMethodDevices/hardwareOathDevices',
      });

      const activated = await methods.activateOathToken(
        jane.id,
        created.value.deviceId,
        codeFor(SECRET),
        'Authenticator app',
      );

      expect(activated.requestId).toBe(lastRequest().clientRequestId);
      expect(lastRequest()).toMatchObject({
        version: 'beta',
        path: `/users/${jane.id}/authentication/hardwareOathMethods/assignAndActivate`,
      });
      expect((await methods.listOathTokens(jane.id)).value).toEqual([
        { id: created.value.deviceId, kind: 'hardwareOath', displayName: 'Authenticator app' },
      ]);
      expect((await methods.listMethods(jane.id)).value).toEqual([]);
    });

    it('when the code is wrong, then activation is refused as invalid and the token stays unactivated', async () => {
      const { value } = await methods.createOathToken(jane.id, {
        secretBase32: SECRET,
        serialNumber: 'BOT-0002',
        displayName: 'App',
      });
      const right = codeFor(SECRET);
      const wrong = right === '123456' ? '654321' : '123456';

      const err = await failure(methods.activateOathToken(jane.id, value.deviceId, wrong, 'App'));

      expect(err).toMatchObject({ kind: 'invalid', status: 400 });
      expect(w.stub.devices.get(value.deviceId)?.status).toBe('assigned');
      expect(w.stub.count('POST', /assignAndActivate$/)).toBe(1);
    });

    it('when a token is deleted, then it is unassigned first and then leaves the inventory; deleting it again is fine', async () => {
      const { value } = await methods.createOathToken(jane.id, {
        secretBase32: SECRET,
        serialNumber: 'BOT-0003',
        displayName: 'App',
      });
      await methods.activateOathToken(jane.id, value.deviceId, codeFor(SECRET), 'App');

      await methods.deleteOathToken(jane.id, value.deviceId);
      await methods.deleteOathToken(jane.id, value.deviceId);

      expect(w.stub.devices.has(value.deviceId)).toBe(false);
      expect(w.stub.methodsOf(jane.id)).toEqual([]);
      const deletes = w.stub.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
      expect(deletes.slice(0, 2)).toEqual([
        `/users/${jane.id}/authentication/hardwareOathMethods/${value.deviceId}`,
        `/directory/authenticationMethodDevices/hardwareOathDevices/${value.deviceId}`,
      ]);
    });

    it('when the tenant has hardware OATH switched off, then creating a token is forbidden', async () => {
      w.stub.policy.hardwareOath = 'disabled';

      const err = await failure(
        methods.createOathToken(jane.id, {
          secretBase32: SECRET,
          serialNumber: 'BOT-0004',
          displayName: 'App',
        }),
      );

      expect(err).toMatchObject({ kind: 'forbidden', status: 400 });
      expect(w.stub.devices.size).toBe(0);
    });
  });

  describe('failures', () => {
    const calls: [
      keyof typeof METHOD_PERMISSIONS,
      RegExp,
      (m: AuthenticationMethodsGateway) => Promise<unknown>,
    ][] = [
      ['listMethods', /\/methods$/, (m) => m.listMethods(jane.id)],
      [
        'listAuthenticatorMethods',
        /microsoftAuthenticatorMethods$/,
        (m) => m.listAuthenticatorMethods(jane.id),
      ],
      ['listPhoneMethods', /phoneMethods$/, (m) => m.listPhoneMethods(jane.id)],
      ['addPhoneMethod', /phoneMethods$/, (m) => m.addPhoneMethod(jane.id, '+44 7700900123', 'mobile')],
      [
        'createTemporaryAccessPass',
        /temporaryAccessPassMethods$/,
        (m) => m.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true }),
      ],
      [
        'deleteTemporaryAccessPass',
        /temporaryAccessPassMethods\//,
        (m) => m.deleteTemporaryAccessPass(jane.id, 'tap-1'),
      ],
      [
        'createOathToken',
        /hardwareOathDevices$/,
        (m) => m.createOathToken(jane.id, { secretBase32: SECRET, serialNumber: 'S', displayName: 'App' }),
      ],
      [
        'activateOathToken',
        /assignAndActivate$/,
        (m) => m.activateOathToken(jane.id, 'device-1', '123456', 'App'),
      ],
      ['listOathTokens', /hardwareOathMethods$/, (m) => m.listOathTokens(jane.id)],
      ['unassignOathToken', /hardwareOathMethods\/device-1$/, (m) => m.deleteOathToken(jane.id, 'device-1')],
      ['deleteOathToken', /hardwareOathDevices\/device-1$/, (m) => m.deleteOathToken(jane.id, 'device-1')],
      ['readMethodsPolicy', /authenticationMethodsPolicy$/, (m) => m.readMethodsPolicy()],
    ];

    it.each(calls)(
      'when Graph answers 403 to %s, then the failure is forbidden and names the permission it needs',
      async (name, path, run) => {
        w.stub.failNext(1, path, { status: 403 });

        const err = await failure(run(methods));

        expect(err).toMatchObject({ kind: 'forbidden', status: 403, permission: METHOD_PERMISSIONS[name] });
        expect(err.message).toContain(METHOD_PERMISSIONS[name]);
        // The failure carries Graph's own request-id (the one support asks for), not only ours.
        const answered = w.stub.requests.filter((r) => path.test(r.path)).pop();
        expect(err.requestId).toBe(answered?.requestId);
        expect(err.requestId).not.toBe(answered?.clientRequestId);
      },
    );

    it("the permissions named are the least-privileged application permissions of Microsoft's Graph reference", () => {
      expect(METHOD_PERMISSIONS).toEqual({
        listMethods: 'UserAuthenticationMethod.Read.All',
        listAuthenticatorMethods:
          'UserAuthMethod-MicrosoftAuthApp.Read.All (or UserAuthenticationMethod.Read.All)',
        listPhoneMethods: 'UserAuthMethod-Phone.Read.All (or UserAuthenticationMethod.Read.All)',
        addPhoneMethod: 'UserAuthenticationMethod.ReadWrite.All (or UserAuthMethod-Phone.ReadWrite.All)',
        createTemporaryAccessPass: 'UserAuthenticationMethod.ReadWrite.All',
        deleteTemporaryAccessPass:
          'UserAuthenticationMethod.ReadWrite.All (or UserAuthMethod-TAP.ReadWrite.All)',
        createOathToken:
          'Policy.ReadWrite.AuthenticationMethod (assigning it to the person: also UserAuthenticationMethod.ReadWrite.All)',
        activateOathToken: 'UserAuthenticationMethod.ReadWrite.All',
        listOathTokens: 'UserAuthenticationMethod.Read.All',
        unassignOathToken: 'UserAuthenticationMethod.ReadWrite.All',
        deleteOathToken: 'Policy.ReadWrite.AuthenticationMethod',
        readMethodsPolicy: 'Policy.Read.AuthenticationMethod',
      });
    });

    it('when the person does not exist in Entra, then reads and writes fail as not-found', async () => {
      const ghost = stubUser(99).id;

      await expect(failure(methods.listMethods(ghost))).resolves.toMatchObject({
        kind: 'not-found',
        status: 404,
      });
      await expect(failure(methods.addPhoneMethod(ghost, '+44 7700900123', 'mobile'))).resolves.toMatchObject(
        { kind: 'not-found' },
      );
    });

    it('when Graph answers 429 with Retry-After once, then the call waits that long and succeeds', async () => {
      w.stub.failNext(1, /phoneMethods$/, { status: 429, retryAfterSeconds: 7 });

      const added = await methods.addPhoneMethod(jane.id, '+44 7700900123', 'mobile');

      expect(added.value.phoneType).toBe('mobile');
      expect(w.sleeps).toEqual([7000]);
      expect(w.stub.count('POST', /phoneMethods$/)).toBe(2);
      expect(w.stub.methodsOf(jane.id)).toHaveLength(1);
    });

    it('when Graph keeps throttling, then the failure is throttled after GRAPH_MAX_ATTEMPTS', async () => {
      w.stub.failNext(100, /\/methods$/, { status: 429, retryAfterSeconds: 1 });

      const err = await failure(methods.listMethods(jane.id));

      expect(err).toMatchObject({ kind: 'throttled', status: 429 });
      expect(w.stub.count('GET', /\/methods$/)).toBe(4);
    });

    it.each([500, 503])('when Graph answers %i, then the failure is unavailable', async (status) => {
      w.stub.failNext(100, /microsoftAuthenticatorMethods$/, { status });

      const err = await failure(methods.listAuthenticatorMethods(jane.id));

      expect(err).toMatchObject({ kind: 'unavailable', status });
    });

    it('when Graph answers a 404 or 409 injected on a write, then they are not-found and conflict', async () => {
      w.stub.failNext(1, /temporaryAccessPassMethods$/, { status: 404 });
      w.stub.failNext(1, /hardwareOathDevices$/, { status: 409 });

      await expect(
        failure(methods.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true })),
      ).resolves.toMatchObject({ kind: 'not-found' });
      await expect(
        failure(
          methods.createOathToken(jane.id, { secretBase32: SECRET, serialNumber: 'S', displayName: 'A' }),
        ),
      ).resolves.toMatchObject({ kind: 'conflict', status: 409 });
    });

    /** A world whose Graph calls give up after 300 ms (every call in these tests gets no answer). */
    async function hurried(): Promise<GraphWorld> {
      await w.close();
      w = await createGraphWorld({ settings: { requestTimeoutMs: 300 } });
      w.stub.putUser(jane);
      methods = w.graph.methods;
      return w;
    }

    it('when a read gets no answer within the timeout, then each attempt is abandoned and the failure is unavailable', async () => {
      await hurried();
      w.stub.failNext(100, /phoneMethods$/, { hang: true });

      const started = Date.now();
      const err = await failure(methods.listPhoneMethods(jane.id));

      expect(err).toMatchObject({ kind: 'unavailable', status: 0 });
      expect(err.message).toMatch(/did not answer .* within 0.3 s/);
      expect(err.requestId).toBe(lastRequest().clientRequestId);
      expect(w.stub.count('GET', /phoneMethods$/)).toBe(4);
      expect(Date.now() - started).toBeLessThan(20_000);
    });

    it('when a write gets no answer within the timeout, then it is not sent again (Graph may have done it)', async () => {
      await hurried();
      w.stub.failNext(1, /temporaryAccessPassMethods$/, { hang: true });

      const err = await failure(
        methods.createTemporaryAccessPass(jane.id, { lifetimeMinutes: 60, usableOnce: true }),
      );

      expect(err).toMatchObject({ kind: 'unavailable', status: 0 });
      expect(w.stub.count('POST', /temporaryAccessPassMethods$/)).toBe(1);
    });

    it('when a write is refused with 503 once, then it is sent again (Graph did not do it) and succeeds', async () => {
      w.stub.failNext(1, /temporaryAccessPassMethods$/, { status: 503 });

      const created = await methods.createTemporaryAccessPass(jane.id, {
        lifetimeMinutes: 60,
        usableOnce: true,
      });

      expect(created.value.pass).toBe(w.stub.issuedPasses[0]?.pass);
      expect(w.stub.count('POST', /temporaryAccessPassMethods$/)).toBe(2);
    });
  });

  it('the Graph module offers the adapter as module.methods', () => {
    expect(w.graph.methods).toBeInstanceOf(GraphAuthenticationMethods);
  });
});
