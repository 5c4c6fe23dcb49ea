import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from '../../support/ferretdb';

const ROOT = path.resolve(__dirname, '../../..');

export interface BotProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
}

/** src/index.ts as its own process (like production; `preload` files are loaded first with -r); resolves once it logs that it listens (LOG_LEVEL info or lower). */
export async function startBot(env: Record<string, string>, preload: string[] = []): Promise<BotProcess> {
  const port = await freePort();
  const requires = preload.flatMap((file) => ['-r', file]);
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', ...requires, 'src/index.ts'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += String(c)));
  child.stderr?.on('data', (c: Buffer) => (out += String(c)));
  const deadline = Date.now() + 150_000; // ts-node start-up on a busy machine: seconds on a quiet one
  while (!out.includes('bot listening')) {
    if (child.exitCode !== null) throw new Error(`bot exited: ${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL'); // never leave an orphan behind a failed start
      throw new Error(`bot did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => out };
}

/** SIGKILL: no shutdown hook runs, as when a container is killed. */
export function kill9(bot: BotProcess): Promise<void> {
  return new Promise((resolve) => {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) return resolve();
    bot.child.once('exit', () => resolve());
    bot.child.kill('SIGKILL');
  });
}

/** The settings of a bot process on MongoDB `db` (its own data dir and encryption key), plus `extra`. */
export function botEnvOnMongo(
  url: string,
  db: string,
  dataDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    MONGODB_URL: url,
    MONGODB_DB: db,
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info', // startBot waits for the "bot listening" info line
    ...extra,
  };
}
