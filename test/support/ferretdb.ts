import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';

/** A FerretDB (MongoDB wire protocol over SQLite) started by the tests, on 127.0.0.1 only. */
export interface FerretDbServer {
  url: string;
  port: number;
  dir: string;
  /** Kills the server and waits until it has exited. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port with the same data. */
  restart(): Promise<void>;
}

export const FERRETDB_BUILD_HINT =
  'Build it with: go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2 ' +
  '(the module build needs build/version/version.txt: copy the module source from $(go env GOMODCACHE), ' +
  'write "v1.24.2" to build/version/version.txt and `go build -o $(go env GOPATH)/bin/ferretdb ./cmd/ferretdb`), ' +
  'or set FERRETDB_BIN, or set MONGODB_URL to a MongoDB you own.';

const READY_TIMEOUT_MS = 30_000;

/** Servers still running when this process exits (an interrupted run) are killed with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** FERRETDB_BIN, PATH, /root/go/bin, $(go env GOPATH)/bin: the first that exists and runs `--version`. */
export function findFerretDbBinary(): string | undefined {
  const candidates = [
    process.env.FERRETDB_BIN,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => (d ? path.join(d, 'ferretdb') : undefined)),
    '/root/go/bin/ferretdb',
    goPathBinary(),
  ];
  return candidates.find((c): c is string => !!c && existsSync(c) && runsVersion(c));
}

function goPathBinary(): string | undefined {
  const res = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8', timeout: 10_000 });
  const gopath = res.status === 0 ? res.stdout.trim() : '';
  return gopath ? path.join(gopath, 'bin', 'ferretdb') : undefined;
}

/** A `go install` build without version.txt panics at start; such a binary is treated as missing. */
function runsVersion(binary: string): boolean {
  const res = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return res.status === 0 && /version/i.test(res.stdout);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startFerretDb(
  options: { dir?: string; port?: number; binary?: string } = {},
): Promise<FerretDbServer> {
  const binary = options.binary ?? findFerretDbBinary();
  if (!binary) throw new Error(`No working ferretdb binary found. ${FERRETDB_BUILD_HINT}`);
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'ferretdb-'));
  const { port, child: first } = await launchOnPort(binary, dir, options.port);
  const url = `mongodb://127.0.0.1:${port}/`;
  let child = first;

  const stop = async (): Promise<void> => {
    await kill(child);
  };
  return {
    url,
    port,
    dir,
    stop,
    restart: async () => {
      await stop();
      child = await launch(binary, dir, port);
    },
  };
}

/** A free port can be taken by someone else before FerretDB binds it: then try another (when ours to pick). */
async function launchOnPort(
  binary: string,
  dir: string,
  fixedPort?: number,
): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      return { port, child: await launch(binary, dir, port) };
    } catch (err) {
      if (fixedPort !== undefined || attempt >= 3) throw err;
    }
  }
}

async function launch(binary: string, dir: string, port: number): Promise<ChildProcess> {
  const logFile = path.join(dir, 'ferretdb.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
      '--no-log-uuid',
      '--no-metrics-uuid',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  try {
    await waitUntilReady(child, port);
  } catch (err) {
    await kill(child);
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`FerretDB did not start on port ${port}: ${(err as Error).message}\n${tail}`);
  }
  return child;
}

async function waitUntilReady(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited with ${child.exitCode}`);
    if ((await canConnect(port)) && (await pings(port))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function pings(port: number): Promise<boolean> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
