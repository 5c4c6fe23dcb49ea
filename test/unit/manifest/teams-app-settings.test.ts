import { ConfigError, loadConfig } from '../../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return e instanceof ConfigError ? e.problems : [String(e)];
  }
}

describe('Teams app package settings', () => {
  it('when nothing is set, then the names, links and colour have working defaults', () => {
    expect(loadConfig({ ORGANISATION_NAME: 'Riverside NHS Trust' }).teamsApp).toEqual({
      nameShort: 'MFA Helper',
      nameFull: 'MFA Helper for Riverside NHS Trust',
      developerName: 'Riverside NHS Trust',
      websiteUrl: 'https://example.org',
      privacyUrl: 'https://example.org/privacy',
      termsUrl: 'https://example.org/terms',
      appId: undefined,
      packageVersion: undefined,
      validDomains: [],
      accentColor: '#005EB8',
    });
  });

  it('when the public URL is https, then it is the default website, and links are built on it', () => {
    const t = loadConfig({ PUBLIC_BASE_URL: 'https://bot.example.net/' }).teamsApp;
    expect([t.websiteUrl, t.privacyUrl, t.termsUrl]).toEqual([
      'https://bot.example.net/',
      'https://bot.example.net/privacy',
      'https://bot.example.net/terms',
    ]);
  });

  it('when the organisation name is longer than Teams allows a developer name, then it is shortened', () => {
    const t = loadConfig({
      ORGANISATION_NAME: 'The Very Long Named Hospitals NHS Foundation Trust',
    }).teamsApp;
    expect(t.developerName.length).toBeLessThanOrEqual(32);
  });

  it.each([
    [{ APP_NAME_SHORT: 'A name much longer than thirty chars' }, 'APP_NAME_SHORT'],
    [{ APP_DEVELOPER_NAME: 'x'.repeat(33) }, 'APP_DEVELOPER_NAME'],
    [{ APP_PRIVACY_URL: 'http://example.org/privacy' }, 'APP_PRIVACY_URL'],
    [{ TEAMS_APP_ID: 'my-app' }, 'TEAMS_APP_ID'],
    [{ APP_PACKAGE_VERSION: 'v2' }, 'APP_PACKAGE_VERSION'],
    [{ APP_ACCENT_COLOR: 'blue' }, 'APP_ACCENT_COLOR'],
  ])('when %p is set, then start-up names %s as the problem', (env, name) => {
    expect(problems(env).join('\n')).toContain(name);
  });

  it('when extra valid domains are listed, then they are split and trimmed', () => {
    expect(loadConfig({ APP_VALID_DOMAINS: ' a.example , b.example ' }).teamsApp.validDomains).toEqual([
      'a.example',
      'b.example',
    ]);
  });
});
