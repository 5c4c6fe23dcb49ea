import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts src/index.ts with exactly these settings (nothing inherited but PATH/HOME): through `npx ts-node`
 * like `npm start`, or `direct`ly under node so that signals reach the bot itself (npx does not forward them).
 */
function startBot(
  env: Record<string, string>,
  how: 'npx' | 'direct' = 'npx',
): {
  done: Promise<Run>;
  output: () => string;
  kill: (signal: NodeJS.Signals) => void;
} {
  const [command, args] =
    how === 'npx'
      ? ['npx', ['ts-node', '--transpile-only', 'src/index.ts']]
      : [process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += String(c)));
  child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { done, output: () => stdout, kill: (s) => child.kill(s) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start as a process', () => {
  it('when settings are invalid, then it exits with code 1 naming each bad setting and why, without a stack trace', async () => {
    const run = await startBot({
      PORT: 'eighty',
      TIMEZONE: 'Mars/Olympus',
      HELPDESK_EMAIL: 'not-an-email',
      NODE_ENV: 'production',
    }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Invalid configuration/);
    expect(run.stderr).toMatch(/PORT: /);
    expect(run.stderr).toMatch(/TIMEZONE: must be an IANA time zone/);
    expect(run.stderr).toMatch(/HELPDESK_EMAIL: must be an email address/);
    expect(run.stderr).toMatch(
      /MICROSOFT_APP_ID: is required in production \(authentication cannot be switched off there\)/,
    );
    expect(run.stderr).toMatch(/ENCRYPTION_KEY: is required in production/);
    expect(run.stderr).toMatch(/ENROLMENT_MODE: production without Microsoft Graph registers nothing/);
    expect(run.stdout).not.toContain('bot listening');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toMatch(/config\.ts:\d+/);
  }, 240_000);

  it('when it runs and gets SIGTERM, then it serves /healthz, then stops cleanly with exit code 0', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bot-proc-'));
    const port = await freePort();
    const bot = startBot(
      { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      'direct',
    );
    try {
      await waitFor(() => bot.output().includes('bot listening'), 150_000);
      expect(bot.output()).toContain('embedded');
      expect(bot.output()).toContain('authentication is OFF');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      bot.kill('SIGTERM');
      const run = await bot.done;
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('"msg":"stopped"');
    } finally {
      bot.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
