import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../../src/ports/clock';
import { startBot, type BotUnderTest } from './bot-under-test';
import { freePort } from './free-port';
import { startPlayground, type PlaygroundProcess } from './playground-process';
import { ARTIFACTS_DIR, PlaygroundPage } from './playground-page';

export interface E2eSession {
  bot: BotUnderTest;
  playground: PlaygroundProcess;
  ui: PlaygroundPage;
  /** Stops Chromium, the Playground and the bot (in that order) and removes the temporary files. */
  stop(): Promise<void>;
}

/**
 * Everything a scenario needs: the bot in-process on the embedded store (a fresh temp directory seeded
 * with test/fixtures/staff.csv), the Agents Playground pointed at it, and its web UI open in Chromium.
 * The bot's and the Playground's logs are copied to test/e2e/artifacts/<name>-*.log at the end.
 */
export async function startE2eSession(
  name: string,
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<E2eSession> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-e2e-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) {
      try {
        await s();
      } catch (err) {
        process.stderr.write(`e2e shutdown step failed: ${String(err)}\n`);
      }
    }
    stops.length = 0;
    keepLogs(workDir, name);
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const dataDir = path.join(workDir, 'data');
    const bot = await startBot({
      dataDir,
      logFile: path.join(workDir, 'bot.log'),
      env: options.env,
      clock: options.clock,
    });
    stops.push(() => bot.stop());
    const playground = await startPlayground({ botEndpoint: bot.endpoint, port: await freePort(), workDir });
    stops.push(() => playground.stop());
    const ui = await PlaygroundPage.open(playground.url, path.join(workDir, 'chromium-profile'));
    stops.push(() => ui.close());
    return { bot, playground, ui, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function keepLogs(workDir: string, name: string): void {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const log of ['bot.log', 'playground.log', 'playground-output.log']) {
    const from = path.join(workDir, log);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(ARTIFACTS_DIR, `${name}-${log}`));
  }
}
