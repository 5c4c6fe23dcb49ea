import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ChildServer {
  url: string;
  /** Where the bot serves /metrics (its own port); undefined for the echo bot. */
  metricsUrl?: string;
  pid: number;
  /** Milliseconds from process start until it listened (reported by the child). */
  startupMs: number;
  /** Resident set size of the child now, in MB (Linux /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

/**
 * Forks bench/server-process as `echo` or `bot` with the given environment: from `jsRoot` (see
 * transpile.ts) as plain JavaScript when given, else the TypeScript source through ts-node.
 */
export function startChildServer(
  kind: 'echo' | 'bot',
  env: Record<string, string>,
  jsRoot?: string,
): Promise<ChildServer> {
  const entry = jsRoot
    ? path.join(jsRoot, 'bench', 'server-process.js')
    : path.join(__dirname, 'server-process.ts');
  const child = fork(entry, [kind], {
    execArgv: [
      ...(jsRoot ? [] : ['-r', 'ts-node/register/transpile-only']),
      // BENCH_CPU_PROF_DIR=dir: the bot writes a V8 CPU profile there when it stops (bench/profile-faq.ts).
      ...(kind === 'bot' && process.env.BENCH_CPU_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
        : []),
    ],
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    // BENCH_CHILD_LOGS=1 shows the servers' logs (pino JSON) on this terminal.
    stdio: ['ignore', process.env.BENCH_CHILD_LOGS === '1' ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} server did not start within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with ${code} before it was ready`));
    });
    child.once('message', (m: { port: number; metricsPort?: number; startupMs: number }) => {
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m.port}`,
        metricsUrl: m.metricsPort ? `http://127.0.0.1:${m.metricsPort}` : undefined,
        pid: child.pid ?? 0,
        startupMs: m.startupMs,
        rssMb: () => rssOf(child.pid ?? 0),
        stop: () => stop(child),
      });
    });
  });
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.disconnect();
  });
}
