import { ConfigError, loadConfig } from '../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected the configuration to be refused');
}

describe('config', () => {
  it('when nothing is set, then the defaults run the bot locally on the embedded store with auth off', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.dataDir).toBe('./data');
    expect(c.timezone).toBe('Europe/London');
    expect(c.mongo).toBeUndefined();
    expect(c.authEnabled).toBe(false);
    expect(c.allowedTenantIds).toEqual([]);
  });

  it.each([
    ['PORT', 'eighty', /PORT: /],
    ['PORT', '70000', /PORT: /],
    ['NODE_ENV', 'staging', /NODE_ENV: /],
    ['MONGODB_URL', 'postgres://db', /MONGODB_URL: must start with mongodb:\/\/ or mongodb\+srv:\/\//],
    ['MONGODB_DB', 'bad name!', /MONGODB_DB: must be 1-63 letters, digits, _ or -/],
    ['TIMEZONE', 'Mars/Olympus', /TIMEZONE: must be an IANA time zone/],
    ['ENCRYPTION_KEY', 'short', /ENCRYPTION_KEY: must be 32 bytes/],
    ['HELPDESK_EMAIL', 'not-an-email', /HELPDESK_EMAIL: must be an email address/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: /],
    ['MFA_DEADLINE', 'next tuesday', /MFA_DEADLINE: must be an ISO date/],
    ['LEARN_MORE_URL', 'http://insecure.example', /LEARN_MORE_URL: must be an https:\/\/ link/],
    ['MAX_BODY_BYTES', '10', /MAX_BODY_BYTES: /],
    ['MICROSOFT_APP_TYPE', 'Anything', /MICROSOFT_APP_TYPE: /],
  ])('when %s is %j, then it is refused with the reason', (name, value, reason) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(reason);
  });

  it('when several settings are bad, then every one is named in one message', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'x', TIMEZONE: 'Nowhere/Land', HELPDESK_EMAIL: 'nope' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(/PORT/);
    expect(error?.message).toMatch(/TIMEZONE/);
    expect(error?.message).toMatch(/HELPDESK_EMAIL/);
  });

  it('when production has no app id, then it refuses to start (auth cannot be off there)', () => {
    const found = problems({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: 'a'.repeat(64),
      ENROLMENT_MODE: 'practice',
    });
    expect(found).toEqual([expect.stringMatching(/^MICROSOFT_APP_ID: is required in production/)]);
  });

  it('when production has no encryption key, then it refuses to start', () => {
    const found = problems({
      NODE_ENV: 'production',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
      ENROLMENT_MODE: 'practice',
    });
    expect(found).toEqual([expect.stringMatching(/^ENCRYPTION_KEY: is required in production/)]);
  });

  it('when an app id is set without a password, then the password is asked for', () => {
    expect(problems({ MICROSOFT_APP_ID: 'app' })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_PASSWORD: /),
    ]);
  });

  it('when the campaign lease is shorter than a batch takes to send, then the lease is asked to grow', () => {
    expect(
      problems({ CAMPAIGN_BATCH_SIZE: '500', TEAMS_SEND_RATE_PER_SECOND: '25', CAMPAIGN_LEASE_MS: '30000' }),
    ).toEqual([expect.stringMatching(/^CAMPAIGN_LEASE_MS: must be at least 40000 /)]);
    expect(
      loadConfig({ CAMPAIGN_BATCH_SIZE: '500', TEAMS_SEND_RATE_PER_SECOND: '25' }).campaigns.leaseMs,
    ).toBe(300_000);
  });

  it('when the app is single-tenant without a tenant id, then the tenant id is asked for', () => {
    expect(
      problems({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' }),
    ).toEqual([expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: /)]);
  });

  it('when a complete production configuration is given, then it loads with auth on', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
      ENCRYPTION_KEY: 'ab'.repeat(32),
      MONGODB_URL: 'mongodb://db.internal:27017',
      ALLOWED_TENANT_IDS: ' t1 , t2 ,',
      GRAPH_TENANT_ID: '11111111-1111-4111-8111-111111111111',
      GRAPH_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
      GRAPH_CLIENT_SECRET: 'graph-secret',
    });
    expect(c.authEnabled).toBe(true);
    expect(c.encryptionKey?.length).toBe(32);
    expect(c.mongo?.url).toBe('mongodb://db.internal:27017');
    expect(c.allowedTenantIds).toEqual(['t1', 't2']);
    expect(c.enrolment.mode).toBe('entra');
  });
});

describe('how enrolment ends', () => {
  const production = {
    NODE_ENV: 'production',
    MICROSOFT_APP_ID: 'app',
    MICROSOFT_APP_PASSWORD: 'pw',
    ENCRYPTION_KEY: 'ab'.repeat(32),
  };
  const graph = {
    GRAPH_TENANT_ID: '11111111-1111-4111-8111-111111111111',
    GRAPH_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
    GRAPH_CLIENT_SECRET: 'graph-secret',
  };

  it('when production has no Microsoft Graph and practice mode was not chosen, then the bot refuses to start', () => {
    expect(problems(production)).toEqual([
      expect.stringMatching(/^ENROLMENT_MODE: production without Microsoft Graph/),
    ]);
  });

  it('when production has no Graph but ENROLMENT_MODE=practice is set on purpose, then it starts in practice mode', () => {
    expect(loadConfig({ ...production, ENROLMENT_MODE: 'practice' }).enrolment.mode).toBe('practice');
  });

  it('when Graph is configured, then enrolment ends in Entra unless practice is asked for', () => {
    expect(loadConfig(graph).enrolment.mode).toBe('entra');
    expect(loadConfig({ ...graph, ENROLMENT_MODE: 'practice' }).enrolment.mode).toBe('practice');
    expect(loadConfig({}).enrolment.mode).toBe('practice');
  });

  it('when ENROLMENT_MODE=entra is set without Graph, then the setting is refused', () => {
    expect(problems({ ENROLMENT_MODE: 'entra' })).toEqual([
      expect.stringMatching(/^ENROLMENT_MODE: entra needs Microsoft Graph/),
    ]);
  });

  it('when the re-check schedule is given out of order, then it is used in time order, each minute once', () => {
    expect(loadConfig({ ENTRA_RECHECK_MINUTES: '15,2,5,5' }).enrolment.recheckMinutes).toEqual([2, 5, 15]);
  });
});

describe('config problems reported together', () => {
  it('when production lacks an app id and other settings are bad too, then all of them are named at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', TIMEZONE: 'Mars/Olympus' });
    } catch (e) {
      error = e as ConfigError;
    }
    const names = error?.problems.map((p) => p.split(':')[0]).sort();
    expect(names).toEqual(['ENCRYPTION_KEY', 'ENROLMENT_MODE', 'MICROSOFT_APP_ID', 'PORT', 'TIMEZONE']);
  });
});
