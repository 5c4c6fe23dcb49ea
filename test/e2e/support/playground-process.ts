import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const LISTENING = /Listening on (\d+)/;

export interface PlaygroundProcess {
  /** The web UI, e.g. http://127.0.0.1:56150/ */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Microsoft 365 Agents Playground (the npm package's CLI) against `botEndpoint`, headless and
 * offline: TEAMSAPPTESTER_BROWSER=none (no browser opened), --disable-telemetry, its log and devTools/
 * folder in `workDir`. The Playground falls back to a random port when `port` is taken, so the port is
 * read from its "Listening on N" line.
 */
export async function startPlayground(options: {
  botEndpoint: string;
  port: number;
  workDir: string;
  timeoutMs?: number;
}): Promise<PlaygroundProcess> {
  const output = fs.createWriteStream(path.join(options.workDir, 'playground-output.log'));
  const child = spawn(
    process.execPath,
    [CLI, '-e', options.botEndpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'],
    {
      cwd: options.workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(options.workDir, 'playground.log'),
        NODE_OPTIONS: '',
      },
    },
  );
  child.stdout?.pipe(output, { end: false });
  child.stderr?.pipe(output, { end: false });
  const stop = () => stopChild(child).finally(() => output.end());
  try {
    const port = await waitForListening(child, options.timeoutMs ?? 30_000);
    return { url: `http://127.0.0.1:${port}/`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(new Error(`Playground did not start within ${timeoutMs} ms: ${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-2000);
      const match = LISTENING.exec(seen);
      if (match) done(() => resolve(Number(match[1])));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`Playground exited (code ${code}) before listening: ${seen}`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    const fail = (err: Error) => done(() => reject(err));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has gone. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
