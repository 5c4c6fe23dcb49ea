import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { findFerretDbBinary, freePort } from '../test/support/ferretdb';

/**
 * FerretDB on a private PostgreSQL cluster (temp directory, loopback port), for the fleet broadcast: on
 * FerretDB's SQLite backend every filter other than `_id` reads the whole collection (README, Performance),
 * so ten thousand outbox records cannot be worked at 50 a second; its PostgreSQL backend can. Needs Debian's
 * `postgresql` (initdb and postgres) and the ferretdb binary; as root the cluster runs as user `postgres`.
 */
export interface FerretOnPostgres {
  url: string;
  stop(): Promise<void>;
}

const READY_MS = 60_000;

function postgresBin(name: string): string | undefined {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
  return versions.map((v) => path.join(root, v, 'bin', name)).find((p) => existsSync(p));
}

/** Runs as `postgres` when we are root (PostgreSQL refuses to run as root). */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function startFerretOnPostgres(): Promise<FerretOnPostgres> {
  const initdb = postgresBin('initdb');
  const postgres = postgresBin('postgres');
  const ferretdb = findFerretDbBinary();
  if (!initdb || !postgres) throw new Error('PostgreSQL not installed (apt-get install postgresql)');
  if (!ferretdb) throw new Error('no ferretdb binary (see docs/storage.md)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) chownSync(dir, uid('postgres'), gid('postgres'));
  const init = spawnSync(...asOwner(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres']), {
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.slice(-500)}`);
  const pgPort = await freePort();
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'];
  const pg = spawn(...asOwner(postgres, ['-D', data, '-p', String(pgPort), '-k', dir, ...settings]), {
    stdio: 'ignore',
  });
  let ferret: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    await killed(ferret);
    await killed(pg);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const url = `mongodb://127.0.0.1:${port}/`;
    await until(() => spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', String(pgPort)]).status === 0);
    const created = spawnSync('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(pgPort),
      '-U',
      'postgres',
      '-c',
      'CREATE DATABASE ferretdb',
    ]);
    if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${String(created.stderr)}`);
    ferret = spawn(
      ferretdb,
      [
        '--handler=postgresql',
        `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/ferretdb`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${dir}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=error',
        '--no-log-uuid',
        '--no-metrics-uuid',
      ],
      { stdio: 'ignore' },
    );
    await until(() => pings(url));
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + READY_MS; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('PostgreSQL or FerretDB did not become ready within a minute');
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

function uid(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gid(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
