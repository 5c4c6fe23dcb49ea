import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ServerFigures } from './turns';

const READY_TIMEOUT_MS = 120_000;
const IDLE_WAIT_MS = 1_500;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * The production start as `npm run start:prod` does it: the real entry point (src/index.js, plain JavaScript
 * from bench/transpile.ts, as dist/ holds it) with NODE_ENV=production and authentication on, in an empty
 * working directory (no .env) and an empty data folder. Start-up = from spawning node to its "bot listening"
 * log line (pino's own timestamp); idle RSS 1.5 s later, as for the other servers. Then SIGTERM.
 */
export async function measureProductionStart(jsRoot: string): Promise<ServerFigures> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'bench-prod-'));
  const port = await freePort();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [path.join(jsRoot, 'src', 'index.js')], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      // No Graph in the bench: production refuses to start without it unless practice mode is chosen on purpose.
      ENROLMENT_MODE: 'practice',
      MICROSOFT_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      MICROSOFT_APP_PASSWORD: 'bench-not-a-secret',
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: path.join(cwd, 'data'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const listeningAt = await new Promise<number>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(
        () => reject(new Error('the production start did not listen in time')),
        READY_TIMEOUT_MS,
      );
      child.once('exit', (code) =>
        reject(new Error(`the production start exited with ${code}: ${seen.slice(-500)}`)),
      );
      child.stdout.on('data', (c: Buffer) => {
        seen += String(c);
        const line = seen.split('\n').find((l) => l.includes('bot listening'));
        if (!line) return;
        clearTimeout(timer);
        // pino writes an ISO timestamp (src/logger.ts).
        resolve(Date.parse((JSON.parse(line) as { time: string }).time));
      });
    });
    await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { startupMs: listeningAt - spawnedAt, idleRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  }
}
