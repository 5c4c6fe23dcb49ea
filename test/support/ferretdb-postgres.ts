import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { findFerretDbBinary, freePort } from './ferretdb';

/**
 * FerretDB on a private PostgreSQL cluster: initdb into a temp directory, postgres on a loopback port (as user
 * `postgres` when we are root, since PostgreSQL refuses to run as root), FerretDB's PostgreSQL handler in front.
 * Used by the `contract-pg` test project and the bench. Needs Debian's `postgresql` and the ferretdb binary.
 */
export interface FerretOnPostgres {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

export const POSTGRES_INSTALL_HINT =
  'Install PostgreSQL: apt-get install -y --no-install-recommends postgresql';

/** Generous: on a machine at load 20 initdb alone has taken most of a minute. */
const READY_MS = 150_000;

/** Servers still running when this process exits (an interrupted run) are killed with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<v>/bin), or one on PATH. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a))
    : [];
  const debian = versions
    .map((v) => path.join(root, v, 'bin'))
    .find((d) => existsSync(path.join(d, 'initdb')));
  if (debian) return debian;
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return onPath ? path.dirname(onPath) : undefined;
}

const asRoot = (): boolean => process.getuid?.() === 0;

/** Runs as `postgres` when we are root. */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function startFerretOnPostgres(): Promise<FerretOnPostgres> {
  const bin = postgresBinDir();
  const ferretdb = findFerretDbBinary();
  if (!bin) throw new Error(`PostgreSQL is not installed. ${POSTGRES_INSTALL_HINT}`);
  if (!ferretdb) throw new Error('No working ferretdb binary (see test/support/ferretdb.ts)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-pg-'));
  chmodSync(dir, 0o755);
  if (asRoot()) chownSync(dir, idOf('-u'), idOf('-g'));
  const data = path.join(dir, 'data');
  const init = spawnSync(
    ...asOwner(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']),
    { encoding: 'utf8', timeout: READY_MS },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(init.stderr || init.stdout || String(init.error)).slice(-800)}`);
  }
  let pg: ChildProcess | undefined;
  let ferret: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    await killed(ferret);
    await killed(pg);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pgPort = await freePort();
    // Throwaway data: no fsync, no WAL waits; small shared memory so it starts anywhere.
    const settings = [
      'listen_addresses=127.0.0.1',
      'fsync=off',
      'synchronous_commit=off',
      'full_page_writes=off',
    ];
    pg = logged(
      path.join(dir, 'postgres.log'),
      ...asOwner(path.join(bin, 'postgres'), [
        '-D',
        data,
        '-p',
        String(pgPort),
        '-k',
        dir,
        ...settings.flatMap((s) => ['-c', s]),
      ]),
    );
    const isReady = (): boolean =>
      spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres'])
        .status === 0;
    await until(isReady, pg, 'PostgreSQL', path.join(dir, 'postgres.log'));
    const port = await freePort();
    const url = `mongodb://127.0.0.1:${port}/`;
    ferret = logged(path.join(dir, 'ferretdb.log'), ferretdb, [
      '--handler=postgresql',
      `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/postgres`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
      '--no-log-uuid',
      '--no-metrics-uuid',
    ]);
    await until(() => pings(url), ferret, 'FerretDB', path.join(dir, 'ferretdb.log'));
    return { url, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function logged(logFile: string, cmd: string, args: string[]): ChildProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

async function until(
  check: () => boolean | Promise<boolean>,
  child: ChildProcess,
  what: string,
  logFile: string,
): Promise<void> {
  for (const deadline = Date.now() + READY_MS; Date.now() < deadline;) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
  const state =
    child.exitCode !== null ? `exited with ${child.exitCode}` : `not ready after ${READY_MS / 1000} s`;
  throw new Error(`${what} did not start (${state})\n${tail}`);
}

async function pings(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function killed(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function idOf(flag: '-u' | '-g'): number {
  const res = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (res.status !== 0)
    throw new Error('running as root needs a `postgres` user (the Debian package creates it)');
  return Number(res.stdout.trim());
}
