import { AuthenticationConstants } from 'botframework-connector';
// Not part of the package's index: the per-URL OpenID metadata cache is how the test points the bot's real
// token validation at the local stub (instead of login.botframework.com) without a production setting.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import { loadConfig } from '../../src/config';
import { activity, addPerson, startApp, tempDataDir, type RunningApp } from '../support/app-under-test';
import { OpenIdStub, otherPrivateKey } from './support/openid-stub';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
const ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

describe('Bot Framework authentication on /api/messages when an app id is configured', () => {
  const data = tempDataDir();
  const stub = new OpenIdStub();
  let running: RunningApp;
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache: Map<string, OpenIdMetadata> })
    .openIdMetadataCache;
  const realUrl = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;

  beforeAll(async () => {
    const url = await stub.start();
    cache.set(realUrl, new OpenIdMetadata(url));
    running = await startApp({
      DATA_DIR: data.dir,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'test-secret',
    });
    await addPerson(running.app, 'aad-jwt', 'Jules Example');
  });

  afterAll(async () => {
    await running?.stop();
    await stub.stop();
    cache.delete(realUrl);
    data.remove();
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: 'http://127.0.0.1:9/',
    nbf: now() - 60,
    exp: now() + 3600,
    ...over,
  });
  const send = async (authorization?: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity('help', 'aad-jwt')),
    });
    return { status: res.status, text: await res.text() };
  };

  it('when the token is signed by the published key for this app id, then the activity is processed', async () => {
    const res = await send(`Bearer ${stub.sign(claims())}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('What I can do');
    expect(stub.fetches).toBeGreaterThanOrEqual(2); // metadata and keys came from the stub
  });

  it.each([
    ['no Authorization header', (): string | undefined => undefined],
    ['an unsigned token (alg none)', (): string => `Bearer ${unsigned(claims())}`],
    ['a token signed by another key', (): string => `Bearer ${stub.sign(claims(), otherPrivateKey())}`],
    ['a token for another app id', (): string => `Bearer ${stub.sign(claims({ aud: 'another-app' }))}`],
    [
      'an expired token',
      (): string => `Bearer ${stub.sign(claims({ nbf: now() - 7200, exp: now() - 3600 }))}`,
    ],
    [
      'a token from another issuer',
      (): string => `Bearer ${stub.sign(claims({ iss: 'https://evil.example' }))}`,
    ],
    [
      'a token for another service URL',
      (): string => `Bearer ${stub.sign(claims({ serviceurl: 'https://evil.example/' }))}`,
    ],
  ])('when the request has %s, then it is refused with 401 and no reply', async (_what, header) => {
    const res = await send(header());
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('What I can do');
  });
});

describe('authentication cannot be switched off in production', () => {
  it('when NODE_ENV is production and MICROSOFT_APP_ID is empty, then the settings are refused (see also test/unit/config.test.ts)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEY: 'a'.repeat(64) })).toThrow(
      /MICROSOFT_APP_ID/,
    );
  });
});

function unsigned(payload: Record<string, unknown>): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}
