import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MsalTokenProvider } from '../../../src/adapters/graph/token-provider';
import { ConfigError, loadConfig } from '../../../src/config';
import { GraphStub } from '../../support/graph-stub';
import { CLIENT, guardNetwork, releaseNetwork, stubSettings, TENANT } from './graph-fixture';

const ids = { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('Graph settings', () => {
  it('when no GRAPH_ setting is given, then Graph is off', () => {
    expect(loadConfig({}).graph).toBeUndefined();
  });

  it('when tenant, client and secret are given, then Graph is on with the public cloud defaults', () => {
    const graph = loadConfig({
      ...ids,
      GRAPH_CLIENT_SECRET: 's',
      GRAPH_GROUP_LOCAL_ADMINS: `North Trust=${TENANT}`,
    }).graph;
    expect(graph).toMatchObject({
      baseUrl: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      credential: { kind: 'secret', secret: 's' },
      groups: { localAdmins: { 'North Trust': TENANT } },
      syncIntervalMinutes: 60,
      tapLifetimeMinutes: 0,
    });
  });

  it('when a credential is missing, doubled or half given, then start-up names the setting', () => {
    expect(problems(ids)).toEqual([
      expect.stringMatching(/^GRAPH_CLIENT_SECRET: or GRAPH_CERTIFICATE_PATH is required/),
    ]);
    expect(problems({ GRAPH_CLIENT_SECRET: 's' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GRAPH_TENANT_ID/),
        expect.stringMatching(/^GRAPH_CLIENT_ID/),
      ]),
    );
    expect(
      problems({
        ...ids,
        GRAPH_CLIENT_SECRET: 's',
        GRAPH_CERTIFICATE_PATH: '/k.pem',
        GRAPH_CERTIFICATE_THUMBPRINT: 'a'.repeat(40),
      }),
    ).toEqual([expect.stringMatching(/^GRAPH_CERTIFICATE_PATH: set either/)]);
    expect(problems({ ...ids, GRAPH_CERTIFICATE_PATH: '/k.pem' })).toEqual([
      expect.stringMatching(/^GRAPH_CERTIFICATE_THUMBPRINT/),
    ]);
  });

  it('when a value is malformed, then it is refused (group ids, hosts, TAP lifetime)', () => {
    const base = { ...ids, GRAPH_CLIENT_SECRET: 's' };
    expect(problems({ ...base, GRAPH_GROUP_ATP: 'atp-group' })).toEqual([
      expect.stringMatching(/^GRAPH_GROUP_ATP: must be the group object id/),
    ]);
    expect(problems({ ...base, GRAPH_GROUP_LOCAL_ADMINS: 'North' })).toEqual([
      expect.stringMatching(/^GRAPH_GROUP_LOCAL_ADMINS/),
    ]);
    expect(problems({ ...base, GRAPH_BASE_URL: 'http://graph.example.org' })).toEqual([
      expect.stringMatching(/^GRAPH_BASE_URL/),
    ]);
    expect(problems({ ...base, GRAPH_TAP_LIFETIME_MINUTES: '5' })).toEqual([
      expect.stringMatching(/^GRAPH_TAP_LIFETIME_MINUTES/),
    ]);
  });
});

describe('app-only tokens', () => {
  let stub: GraphStub;
  beforeAll(async () => {
    guardNetwork();
    stub = await new GraphStub().start();
  });
  afterAll(async () => {
    await stub.stop();
    releaseNetwork();
  });

  it('when a certificate is configured, then MSAL signs in with it against the configured authority, and caches the token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'graph-cert-'));
    const keyPath = path.join(dir, 'graph.key');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const settings = stubSettings(stub, {
      GRAPH_CLIENT_SECRET: '',
      GRAPH_CERTIFICATE_PATH: keyPath,
      GRAPH_CERTIFICATE_THUMBPRINT: 'AB'.repeat(20),
    });
    const before = stub.tokenRequests;
    const tokens = new MsalTokenProvider(settings);

    const [a, b] = await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()]);
    const c = await tokens.getAccessToken();

    expect(a).toMatch(/^stub-token-\d+$/);
    expect([b, c]).toEqual([a, a]);
    expect(stub.tokenRequests - before).toBe(1);
  });

  it('when anything tries to leave the machine during the Graph tests, then it is refused', async () => {
    await expect(fetch('https://graph.microsoft.com/v1.0/users')).rejects.toThrow();
    await expect(fetch('https://login.microsoftonline.com/common/discovery/instance')).rejects.toThrow();
  });
});
