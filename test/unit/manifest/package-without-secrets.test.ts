import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadPackageConfig } from '../../../src/config';
import { buildManifest } from '../../../manifest/app-package';

const ROOT = resolve(__dirname, '../../..');
const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const HOST = 'mfa-bot.riverside.example';

interface Bot {
  botId: string;
}

describe('npm run package needs the app id and the public host, no secret', () => {
  it('when only MICROSOFT_APP_ID and PUBLIC_BASE_URL are set (no password), then the settings load', () => {
    const config = loadPackageConfig({ MICROSOFT_APP_ID: BOT_ID, PUBLIC_BASE_URL: `https://${HOST}` });
    const { manifest, warnings } = buildManifest(config);
    expect((manifest.bots as Bot[])[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toContain(HOST);
    expect(warnings.join('\n')).not.toMatch(/MICROSOFT_APP_ID|PUBLIC_BASE_URL/);
  });

  it('when settings the package does not use are wrong or missing (production without a key), then it does not care', () => {
    expect(() =>
      loadPackageConfig({
        MICROSOFT_APP_ID: BOT_ID,
        NODE_ENV: 'production',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        PORT: 'eighty',
      }),
    ).not.toThrow();
  });

  it('when a package setting is invalid, then it is refused by name', () => {
    expect(() => loadPackageConfig({ TEAMS_APP_ID: 'not-a-guid' })).toThrow(ConfigError);
    expect(() => loadPackageConfig({ TEAMS_APP_ID: 'not-a-guid' })).toThrow(/TEAMS_APP_ID: must be a GUID/);
  });

  it('when PUBLIC_BASE_URL is missing, then the build warns that the bot host is not a valid domain', () => {
    const { warnings } = buildManifest(loadPackageConfig({ MICROSOFT_APP_ID: BOT_ID }));
    expect(warnings.join('\n')).toMatch(/PUBLIC_BASE_URL is not the bot's public https address/);
  });

  it('when the real command runs with the app id and host but no password, then it writes the package and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'package-cli-'));
    try {
      const run = await new Promise<{ code: number; out: string }>((done) => {
        execFile(
          process.execPath,
          ['-r', require.resolve('ts-node/register/transpile-only'), join(ROOT, 'manifest/build-package.ts')],
          {
            // An empty folder as the working directory: no .env of the developer's is read.
            cwd: dir,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
              MICROSOFT_APP_ID: BOT_ID,
              PUBLIC_BASE_URL: `https://${HOST}`,
              NODE_ENV: 'production',
            },
            timeout: 120_000,
          },
          (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
        );
      });
      expect(run.out).toContain(`bot ${BOT_ID}`);
      expect(run.out).not.toMatch(/MICROSOFT_APP_PASSWORD/);
      expect(run.code).toBe(0);
      expect(statSync(join(ROOT, 'manifest/build/appPackage.zip')).size).toBeGreaterThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
