import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Starts the bot (createApp + listen) in a fresh node process with exactly these settings, and returns the
 * npm packages that process has loaded once it listens (from require.cache: Jest's own module registry
 * would not show what the real process loads). Nested copies are named by their path, e.g.
 * "botframework-connector/node_modules/@azure/msal-node" (botbuilder's own, always loaded).
 */
function packagesLoadedAtStart(env: Record<string, string>): Promise<string[]> {
  const script = `
    const { createApp } = require('./src/app');
    const { loadConfig } = require('./src/config');
    (async () => {
      const app = await createApp(loadConfig(${JSON.stringify(env)}));
      await app.listen(0);
      const packages = new Set();
      const root = ${JSON.stringify(path.join(ROOT, 'node_modules'))} + '/';
      for (const file of Object.keys(require.cache)) {
        if (!file.startsWith(root)) continue;
        // "botbuilder", "@azure/msal-node", or a nested copy: "botframework-connector/node_modules/@azure/msal-node"
        const m = /^((?:(?:@[^/]+\\/)?[^/]+\\/node_modules\\/)*(?:@[^/]+\\/)?[^/]+)\\//.exec(file.slice(root.length));
        if (m) packages.add(m[1]);
      }
      await app.close();
      process.stdout.write(JSON.stringify([...packages]));
    })().catch((err) => { console.error(err); process.exit(1); });
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 150_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.slice(stdout.lastIndexOf('['))) as string[]);
      },
    );
  });
}

describe('what the running bot loads (idle memory: docs/performance.md)', () => {
  it('on the embedded store without Microsoft Graph, it loads neither the MongoDB driver, nor MSAL and the Graph client, nor the text recognizers of botbuilder-dialogs', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bot-loaded-'));
    try {
      const loaded = await packagesLoadedAtStart({
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      });
      // What it does load, so the check sees packages at all.
      expect(loaded).toEqual(expect.arrayContaining(['botbuilder', 'botbuilder-dialogs', '@seald-io/nedb']));
      expect(loaded).not.toContain('mongodb');
      expect(loaded).not.toContain('@azure/msal-node');
      expect(loaded).not.toContain('@microsoft/microsoft-graph-client');
      // The prompts' recognizers (adaptive-expressions' small timex package is another matter).
      for (const recognizer of ['suite', 'number', 'date-time', 'choice'])
        expect(loaded).not.toContain(`@microsoft/recognizers-text-${recognizer}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
