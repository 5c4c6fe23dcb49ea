import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import parseArgs from 'yargs-parser';
import { DocumentStaffRepository } from '../adapters/store/staff-repository';
import { openStore } from '../adapters/store/open-store';
import { createApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { systemClock } from '../ports/clock';
import { DirectoryImporter } from '../services/directory-import/directory-importer';
import { formatReport } from '../services/directory-import/import-report';
import type { StaffMember } from '../domain/staff';
import { PLAYGROUND_CONFIG_FILE, playgroundConfig } from './playground-user';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE_DIRECTORY = path.join(ROOT, 'test', 'fixtures', 'staff.csv');
const PLAYGROUND_CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const LISTENING = /Listening on (\d+)/;

/**
 * `npm run playground [-- --port 56150 --open --as <upn>]`: the bot plus Microsoft 365 Agents Playground, a
 * Teams-like web chat, all on this machine. Seeds the sample directory when the store has no staff yet,
 * prints the chat URL, and stops both on Ctrl+C. You chat as the Playground's default user, Alex Wilber (a
 * global admin in the sample), or as anyone in the directory with `--as <upn>` (the Playground's own config
 * file, written for the run). Works headless and offline: no browser is opened unless --open, telemetry is off.
 */
async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, { number: ['port'], boolean: ['open'], string: ['as'] });
  dotenv.config({ quiet: true });
  const config = loadConfig();
  const store = await openStore(config);
  const staff = new DocumentStaffRepository(store);
  await seedIfEmpty(staff);
  const person = typeof args.as === 'string' ? await chooseUser(staff, args.as) : undefined;
  const app = await createApp(config, { store });
  const { port } = await app.listen();
  const endpoint = `http://127.0.0.1:${port}/api/messages`;

  const workDir = path.resolve(config.dataDir, 'playground');
  fs.mkdirSync(workDir, { recursive: true });
  // Always our own file (or none): a config left in the folder by an earlier --as run must not linger.
  const configPath = path.join(workDir, PLAYGROUND_CONFIG_FILE);
  if (person) fs.writeFileSync(configPath, playgroundConfig(person, randomUUID()));
  else fs.rmSync(configPath, { force: true });
  const ownSettings = {
    M365_AGENTS_PLAYGROUND_LOGFILE: path.join(workDir, 'playground.log'),
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    ...(args.open === true ? {} : { TEAMSAPPTESTER_BROWSER: 'none' }),
  };
  // eslint-disable-next-line no-restricted-properties -- not a setting read: the child inherits our environment
  const childEnv = { ...process.env, ...ownSettings };
  const playground = spawn(
    process.execPath,
    [
      PLAYGROUND_CLI,
      '-e',
      endpoint,
      '-c',
      'msteams',
      '-p',
      String(args.port ?? 56150),
      '--disable-telemetry',
    ],
    {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: childEnv,
    },
  );
  announceWhenListening(
    playground,
    endpoint,
    person ? `${person.displayName} (${person.role}, ${person.organisation})` : 'Alex Wilber, a global admin',
  );
  let stopping = false;
  const stop = once(async (code: number) => {
    stopping = true;
    await stopChild(playground);
    await app.close();
    process.exit(code);
  });
  playground.on('exit', (code) => {
    // Ctrl+C reaches the Playground too; only an exit of its own is news.
    if (!stopping) process.stderr.write(`The Agents Playground stopped (exit code ${code ?? 'none'}).\n`);
    void stop(stopping ? 0 : (code ?? 1));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true;
      void stop(0);
    });
  }
}

/** The person to chat as; an unknown UPN stops the start with a hint. */
async function chooseUser(staff: DocumentStaffRepository, upn: string): Promise<StaffMember> {
  const person = await staff.findByUpn(upn);
  if (person) return person;
  throw new Error(
    `--as ${upn}: nobody with that UPN is in the directory. Try alexw@example.com (global admin), ` +
      'meganb@example.com (local admin), adelev@example.com (helpdesk) or isaiah@example.com (staff); ' +
      'docs/try-it.md lists the sample people.',
  );
}

async function seedIfEmpty(staff: DocumentStaffRepository): Promise<void> {
  if ((await staff.count({})) > 0) return;
  process.stdout.write(
    `The directory is empty: importing the sample directory ${path.relative(ROOT, SAMPLE_DIRECTORY)}\n`,
  );
  const report = await new DirectoryImporter(staff, systemClock).importFile(SAMPLE_DIRECTORY);
  process.stdout.write(`${formatReport(report).join('\n')}\n`);
}

function announceWhenListening(child: ChildProcess, endpoint: string, who: string): void {
  let seen = '';
  const onData = (chunk: Buffer): void => {
    seen = (seen + chunk.toString()).slice(-2000);
    const match = LISTENING.exec(seen);
    if (!match) return;
    child.stdout?.off('data', onData);
    child.stdout?.resume();
    process.stdout.write(
      `\nBot:              ${endpoint}\n` +
        `Agents Playground: http://localhost:${match[1]}/  (open it in a browser; you chat as ${who})\n` +
        'Press Ctrl+C to stop both.\n\n',
    );
  };
  child.stdout?.on('data', onData);
}

function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
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

function once<A extends unknown[]>(fn: (...a: A) => Promise<void>): (...a: A) => Promise<void> {
  let running: Promise<void> | undefined;
  return (...a) => (running ??= fn(...a));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`The playground could not start: ${message}\n`);
  process.exit(1);
});
