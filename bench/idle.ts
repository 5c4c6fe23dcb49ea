import { cpSync, rmSync } from 'node:fs';
import { startChildServer, type ChildServer } from './child-server';

/** V8's memory reducer returns start-up garbage once the allocation rate is low: here 10-40 s after start. */
const SETTLE_MS = 45_000;
const START_QUIET_MS = 3_000;

export interface SettledIdle {
  /** Seconds from start to the reading. */
  afterSec: number;
  echoRssMb: number;
  botRssMb: number;
  /** Our bot on FerretDB (the MongoDB driver, as deployed for a large tenant: no directory in memory). */
  botMongoRssMb?: number;
}

export interface IdleWatch {
  /** Waits until both have been idle for SETTLE_MS, reads their RSS, stops them. */
  finish(): Promise<SettledIdle>;
  stop(): Promise<void>;
}

/**
 * Idle memory once V8 has settled. The "idle RSS" of the turn servers is read 1.5 s after start, when V8
 * still holds the start-up garbage (a full 32 MB new space, fragmented old space) that it returns only when
 * its memory reducer sees a low allocation rate: about 10 s after start for the echo bot, 30-40 s for ours
 * (its start-up allocates more). So an echo bot and our bot (embedded store, a copy of `dataDir`: one process
 * per data directory) start here side by side, nobody talks to them while the rest of the run goes on (they
 * use no CPU), and they are read at least 45 s after start.
 */
export async function startIdleWatch(
  dataDir: string,
  jsRoot?: string,
  /** Settings for a third server on FerretDB (bench/stores.ts `env('ferretdb', size)`), when it runs. */
  mongoEnv?: Record<string, string>,
): Promise<IdleWatch> {
  const copy = `${dataDir}-idle`;
  cpSync(dataDir, copy, { recursive: true });
  const started = performance.now();
  const servers: ChildServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
    servers.length = 0;
    rmSync(copy, { recursive: true, force: true });
    rmSync(`${copy}-mongo`, { recursive: true, force: true });
  };
  try {
    servers.push(await startChildServer('echo', {}, jsRoot));
    servers.push(await startChildServer('bot', { DATA_DIR: copy }, jsRoot));
    if (mongoEnv)
      servers.push(await startChildServer('bot', { ...mongoEnv, DATA_DIR: `${copy}-mongo` }, jsRoot));
  } catch (err) {
    await stop();
    throw err;
  }
  // Let their start-up work (the first campaign pass, loading the staff file) finish before any timed load.
  await new Promise((resolve) => setTimeout(resolve, START_QUIET_MS));
  const [echo, bot, botMongo] = servers;
  return {
    stop,
    async finish() {
      const wait = SETTLE_MS - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const settled = {
        afterSec: Math.round((performance.now() - started) / 1000),
        echoRssMb: echo.rssMb(),
        botRssMb: bot.rssMb(),
        ...(botMongo ? { botMongoRssMb: botMongo.rssMb() } : {}),
      };
      await stop();
      return settled;
    },
  };
}
