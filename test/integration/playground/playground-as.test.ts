import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { PLAYGROUND_CONFIG_FILE, playgroundConfig } from '../../../src/cli/playground-user';
import { freePort } from '../../support/ferretdb';

const PLAYGROUND_CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');

interface Config {
  currentUser: { id: string; name: string; aadObjectId: string; userPrincipleName: string };
  users: { id: string; aadObjectId: string }[];
}

/**
 * `npm run playground -- --as <upn>` writes the Playground's own config file; the real Playground (the
 * devDependency, headless, offline) must accept it and make that person the one chatting.
 */
async function playgroundServing(configText: string): Promise<Config> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'playground-as-'));
  const configPath = path.join(dir, PLAYGROUND_CONFIG_FILE);
  writeFileSync(configPath, configText);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      PLAYGROUND_CLI,
      '-e',
      'http://127.0.0.1:9/api/messages',
      '-c',
      'msteams',
      '-p',
      String(port),
      '--disable-telemetry',
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'playground.log'),
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += String(c)));
  child.stderr.on('data', (c: Buffer) => (out += String(c)));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the Playground exited: ${out}`);
      if (Date.now() > deadline) throw new Error(`the Playground did not start: ${out}`);
      const res = await fetch(`http://127.0.0.1:${port}/_internal/v1/config`).catch(() => undefined);
      if (res?.status === 200) return ((await res.json()) as { config: Config }).config;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run playground -- --as <upn>: the Playground chats as that person', () => {
  it('when the config names a local admin from the sample, then the Playground takes them as the current user', async () => {
    const megan = {
      displayName: 'Megan Bowen',
      upn: 'meganb@example.com',
      aadObjectId: '00000000-0000-0000-0000-0000000000021',
    };
    const config = await playgroundServing(playgroundConfig(megan, 'chat-1'));
    expect(config.currentUser).toMatchObject({ name: 'Megan Bowen', aadObjectId: megan.aadObjectId });
    expect(config.users.map((u) => u.aadObjectId)).not.toContain(megan.aadObjectId);
  }, 90_000);

  it('when the person is not one of its mock users, then the Playground still accepts the file (five others, unique ids)', async () => {
    const kai = {
      displayName: 'Kai Everett',
      upn: 'kai.everett@northbridge.nhs.example',
      aadObjectId: 'c711faa5-9e9f-4377-aea5-69e9ec924b83',
    };
    const text = playgroundConfig(kai, 'chat-2');
    const parsed = parse(text) as Config;
    expect(parsed.users).toHaveLength(5);
    expect(new Set([parsed.currentUser.id, ...parsed.users.map((u) => u.id)]).size).toBe(6);
    const config = await playgroundServing(text);
    expect(config.currentUser).toMatchObject({ userPrincipleName: kai.upn, aadObjectId: kai.aadObjectId });
  }, 90_000);
});
