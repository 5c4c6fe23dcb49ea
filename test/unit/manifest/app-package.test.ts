import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';
import { buildAppPackage, buildManifest, ManifestInvalidError } from '../../../manifest/app-package';
import { MANIFEST_VERSION, manifestProblems } from '../../../manifest/manifest-schema';
import { fillTemplate, PLACEHOLDER_BOT_ID } from '../../../manifest/manifest-values';
import { unzip } from './unzip';

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const settings = {
  MICROSOFT_APP_ID: BOT_ID,
  MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
  ORGANISATION_NAME: 'Riverside NHS Trust',
  PUBLIC_BASE_URL: 'https://mfa-bot.riverside.example',
  APP_WEBSITE_URL: 'https://intranet.riverside.example/mfa',
  APP_VALID_DOMAINS: 'help.riverside.example, intranet.riverside.example',
  APP_PACKAGE_VERSION: '1.4.2',
};

interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles: boolean;
  commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'app-package-')), 'appPackage.zip');

describe('the Teams app package', () => {
  let entries: Map<string, Buffer>;
  let manifest: Record<string, unknown>;

  beforeAll(async () => {
    const built = await buildAppPackage(loadConfig(settings), tempFile());
    entries = await unzip(built.file);
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
  });

  it('when unzipped, then it holds exactly manifest.json and the two icons at the top level', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it(`when its manifest is checked against the Teams ${MANIFEST_VERSION} schema, then it is valid`, () => {
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('when built from settings, then the bot id, names, links and version come from them', () => {
    const bot = (manifest.bots as Bot[])[0];
    expect(bot.botId).toBe(BOT_ID);
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.version).toBe('1.4.2');
    expect(manifest.developer).toEqual({
      name: 'Riverside NHS Trust',
      websiteUrl: 'https://intranet.riverside.example/mfa',
      privacyUrl: 'https://intranet.riverside.example/mfa/privacy',
      termsOfUseUrl: 'https://intranet.riverside.example/mfa/terms',
    });
    expect((manifest.description as { short: string }).short).toContain('Riverside NHS Trust');
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en-gb' });
  });

  it('when built, then validDomains has the bot host, the website host and the extra domains, once each', () => {
    expect(manifest.validDomains).toEqual([
      'mfa-bot.riverside.example',
      'intranet.riverside.example',
      'help.riverside.example',
    ]);
  });

  it('when built, then the bot works in personal chats, teams and group chats and can send files', () => {
    const bot = (manifest.bots as Bot[])[0];
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(true);
  });

  it('when built, then the personal command menu lists the staff and the admin commands', () => {
    const personal = (manifest.bots as Bot[])[0].commandLists.find((l) => l.scopes.includes('personal'));
    expect(personal?.commands.map((c) => c.title)).toEqual([
      'help',
      'set up',
      'my status',
      'ask',
      'status',
      'exception',
      'report',
      'campaign status',
    ]);
  });

  it('when the icons are packed, then they are the committed files byte for byte', () => {
    for (const icon of ['color.png', 'outline.png']) {
      expect(entries.get(icon)!.equals(readFileSync(join(__dirname, '../../../manifest', icon)))).toBe(true);
    }
  });

  it('when built twice from the same settings, then the zips are identical', async () => {
    const a = await buildAppPackage(loadConfig(settings), tempFile());
    const b = await buildAppPackage(loadConfig(settings), tempFile());
    expect(readFileSync(a.file).equals(readFileSync(b.file))).toBe(true);
  });
});

describe('building without a bot registration', () => {
  it('when MICROSOFT_APP_ID is not set, then the placeholder id is used and a warning says so', () => {
    const { manifest, warnings } = buildManifest(loadConfig({}));
    expect((manifest.bots as Bot[])[0].botId).toBe(PLACEHOLDER_BOT_ID);
    expect(warnings.join('\n')).toMatch(/MICROSOFT_APP_ID is not set/);
    expect(warnings.join('\n')).toMatch(/APP_PRIVACY_URL is still the example link/);
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('when only localhost is configured as the public URL, then it is not listed as a valid domain', () => {
    const { manifest } = buildManifest(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3978' }));
    expect(manifest.validDomains).toEqual(['example.org']);
  });
});

describe('manifest validation', () => {
  const valid = () => buildManifest(loadConfig(settings)).manifest;

  it('when the bot id is not a GUID, then the schema refuses it', () => {
    const m = valid();
    (m.bots as Bot[])[0].botId = 'my-bot';
    expect(manifestProblems(m).join('\n')).toContain('/bots/0/botId');
  });

  it('when a property Teams does not know is added, then the schema refuses it', () => {
    expect(manifestProblems({ ...valid(), colour: 'blue' })).not.toEqual([]);
  });

  it('when a required field is missing, then the schema names it', () => {
    const m = valid();
    delete m.developer;
    expect(manifestProblems(m).join('\n')).toContain('developer');
  });

  it('when the settings make the manifest invalid, then building stops with every problem listed', () => {
    const config = loadConfig(settings);
    const broken = { ...config, teamsApp: { ...config.teamsApp, accentColor: 'blue' } };
    expect(() => buildManifest(broken)).toThrow(ManifestInvalidError);
  });
});

describe('template filling', () => {
  it('when a placeholder names a list, then the list replaces the string', () => {
    expect(fillTemplate({ a: '{{list}}', b: ['{{n}}'] }, { list: ['x', 'y'], n: 3 })).toEqual({
      a: ['x', 'y'],
      b: [3],
    });
  });

  it('when a placeholder has no value, then filling fails and names it', () => {
    expect(() => fillTemplate({ a: '{{missing}}' }, {})).toThrow('{{missing}}');
  });

  it('when a placeholder sits inside a longer string, then filling fails rather than leave it unfilled', () => {
    expect(() => fillTemplate({ a: 'Hello {{name}}' }, { name: 'x' })).toThrow(/whole string/);
  });
});
