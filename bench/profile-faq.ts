import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChildServer } from './child-server';
import { faqQuality } from './faq-quality';
import { message } from './load';
import { directoryIds, directoryStaffIds, seedEmbedded } from './seed';
import { transpileForChildren } from './transpile';
import { echoLoad, faqLoad, probe, sortFaqQuestions } from './turns';

/**
 * `node -r ts-node/register/transpile-only bench/profile-faq.ts [seconds]`: FAQ turns against the bot on the
 * embedded store (10,000 people) with a V8 CPU profile of the bot process, beside an echo bot in the same
 * run, and the functions and packages that took the most self time. The .cpuprofile is kept (its path is
 * printed) for Chrome DevTools.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const jsRoot = transpileForChildren();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'faq-profile-'));
  const profDir = mkdtempSync(path.join(os.tmpdir(), 'faq-cpuprof-'));
  await seedEmbedded(dataDir, 10_000);
  const users = directoryIds(10_000);
  const { questions } = await faqQuality();
  const settings = { durationSec: seconds, connections: 10 };

  const echo = await startChildServer('echo', {}, jsRoot);
  const echoResult = await echoLoad(echo.url, users, settings);
  await echo.stop();

  process.env.BENCH_CPU_PROF_DIR = profDir;
  const bot = await startChildServer('bot', { DATA_DIR: dataDir }, jsRoot);
  delete process.env.BENCH_CPU_PROF_DIR;
  await probe(bot.url, message(questions[0], users[0]), /"activities"/);
  const staff = directoryStaffIds(10_000);
  const { answered } = await sortFaqQuestions(bot.url, staff, questions);
  const faq = await faqLoad(bot.url, staff, answered, settings);
  await bot.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  process.stdout.write(
    `FAQ ${faq.rps.toFixed(0)} req/s (p99 ${faq.p99} ms) vs echo ${echoResult.rps.toFixed(0)} req/s (p99 ${echoResult.p99} ms): ` +
      `${(faq.rps / echoResult.rps).toFixed(2)}x throughput, p99 ${(faq.p99 / echoResult.p99).toFixed(2)}x; ` +
      `${faq.failedTurns + faq.errors + faq.non2xx} failed\n`,
  );
  if (!file) throw new Error('no CPU profile was written');
  const full = path.join(profDir, file);
  summarise(JSON.parse(readFileSync(full, 'utf8')) as Profile, jsRoot);
  process.stdout.write(`profile: ${full}\n`);
}

function summarise(profile: Profile, jsRoot: string): void {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (t === 0) continue;
    const url = node.callFrame.url
      .replace(`file://${jsRoot}/`, '')
      .replace(/^file:\/\/.*node_modules\//, 'npm:');
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    const place = url.startsWith('npm:')
      ? url
          .split('/')
          .slice(0, url.startsWith('npm:@') ? 2 : 1)
          .join('/')
      : url === ''
        ? `(${node.callFrame.functionName})`
        : url.split('/').slice(0, 3).join('/');
    byPlace.set(place, (byPlace.get(place) ?? 0) + t);
  }
  const top = (m: Map<string, number>, n: number): string =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  process.stdout.write(
    `self time by package or folder:\n${top(byPlace, 25)}\nself time by function:\n${top(byFunction, 30)}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
