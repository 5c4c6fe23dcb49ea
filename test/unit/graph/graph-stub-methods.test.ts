import { GraphStub } from '../../support/graph-stub';
import { base32Decode, totp } from '../../support/rfc6238';
import { guardNetwork, releaseNetwork, stubUser } from './graph-fixture';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** The parts of the stub's JSON answers these tests read. */
interface Answer {
  id?: string;
  temporaryAccessPass?: string | null;
  value?: unknown[];
  error?: { code?: string; message?: string };
}

/** The stub's own behaviour, over raw HTTP (what the adapter tests rely on but do not all reach). */
describe('Graph stub: authentication methods as Entra keeps them', () => {
  let stub: GraphStub;
  const jane = stubUser(2);

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    stub = await new GraphStub().start();
    stub.putUser(jane);
  });
  afterEach(async () => {
    await stub.stop();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Answer }> {
    const response = await fetch(`${stub.baseUrl}${path}`, {
      method,
      headers: { authorization: 'Bearer stub-token-1', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Answer) : {} };
  }

  const user = `/v1.0/users/${jane.id}/authentication`;

  it('when a pass is created, then only the creating answer holds it; later reads show null', async () => {
    const created = await call('POST', `${user}/temporaryAccessPassMethods`, {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    const read = await call('GET', `${user}/temporaryAccessPassMethods`);

    expect(created.status).toBe(201);
    expect(created.body.temporaryAccessPass).toBe(stub.issuedPasses[0]?.pass);
    expect(read.body.value).toEqual([
      expect.objectContaining({ id: created.body.id, temporaryAccessPass: null }),
    ]);
    expect(JSON.stringify(stub.methodsOf(jane.id))).not.toContain(String(created.body.temporaryAccessPass));
  });

  it('when a phone is added in the wrong form or as a second of its type, then Entra answers 400', async () => {
    expect(
      (await call('POST', `${user}/phoneMethods`, { phoneNumber: '+447700900123', phoneType: 'mobile' }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('POST', `${user}/phoneMethods`, {
          phoneNumber: '+44 7700900123',
          phoneType: 'alternateMobile',
        })
      ).status,
    ).toBe(400);
    expect(
      (await call('POST', `${user}/phoneMethods`, { phoneNumber: '+44 7700900123', phoneType: 'mobile' }))
        .status,
    ).toBe(201);
    const second = await call('POST', `${user}/phoneMethods`, {
      phoneNumber: '+44 7700900999',
      phoneType: 'mobile',
    });
    expect(second).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/already exists/) } },
    });
  });

  it('when a code of the step before or after is given, then activation accepts it; two steps away it does not', async () => {
    const key = base32Decode(SECRET) ?? Buffer.alloc(0);
    const now = 1_800_000_010_000;
    stub.auth.now = () => now;
    const devices = await Promise.all(
      ['A', 'B', 'C'].map((serial) =>
        call('POST', '/beta/directory/authenticationMethodDevices/hardwareOathDevices', {
          serialNumber: serial,
          secretKey: SECRET,
          timeIntervalInSeconds: 30,
          hashFunction: 'hmacsha1',
          assignTo: { id: jane.id },
        }),
      ),
    );
    const activate = (i: number, atMs: number) =>
      call('POST', `/beta/users/${jane.id}/authentication/hardwareOathMethods/assignAndActivate`, {
        device: { id: devices[i]?.body.id },
        verificationCode: totp(key, atMs),
      });

    expect((await activate(0, now - 30_000)).status).toBe(204);
    expect((await activate(1, now + 30_000)).status).toBe(204);
    expect((await activate(2, now - 60_000)).status).toBe(400);
    expect(devices[0]?.body).not.toHaveProperty('secretKey');
  });

  it('when a person holds five tokens, then a sixth cannot be assigned; an assigned token cannot be deleted', async () => {
    const create = (serial: string) =>
      call('POST', '/beta/directory/authenticationMethodDevices/hardwareOathDevices', {
        serialNumber: serial,
        secretKey: SECRET,
        timeIntervalInSeconds: 30,
        hashFunction: 'hmacsha1',
        assignTo: { id: jane.id },
      });
    const five = [];
    for (const serial of ['1', '2', '3', '4', '5']) five.push(await create(serial));

    expect(five.map((d) => d.status)).toEqual([201, 201, 201, 201, 201]);
    expect((await create('6')).status).toBe(400);
    expect(
      (
        await call(
          'DELETE',
          `/beta/directory/authenticationMethodDevices/hardwareOathDevices/${five[0]?.body.id}`,
        )
      ).status,
    ).toBe(400);
  });

  it('when a fault is injected for a path, then the next calls answer it (with Retry-After), then normal service resumes', async () => {
    stub.failNext(2, /phoneMethods$/, { status: 429, retryAfterSeconds: 3 }, 'GET');
    const first = await fetch(`${stub.baseUrl}${user}/phoneMethods`, {
      headers: { authorization: 'Bearer stub-token-1' },
    });

    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(
      (await call('POST', `${user}/phoneMethods`, { phoneNumber: '+44 7700900123', phoneType: 'mobile' }))
        .status,
    ).toBe(201);
    expect((await call('GET', `${user}/phoneMethods`)).status).toBe(429);
    expect((await call('GET', `${user}/phoneMethods`)).status).toBe(200);
  });
});
