import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { EmbeddedDocumentStore } from '../src/adapters/embedded/embedded-document-store';
import { CampaignHarness, MutableClock } from '../test/unit/campaigns/support/campaign-harness';
import { runningCampaign } from '../test/unit/campaigns/support/exactly-once-scenarios';
import { TEAMS_LIMIT_PER_SECOND, type BroadcastResult } from './broadcast';

/** Every 50th request to the stub gets 429 with Retry-After: 1 (2 %), on top of its own 50/s limit. */
const INJECT_EVERY = 50;
/** Collections the instances need: the campaign, its outbox, the people and their conversation references. */
const COLLECTIONS = ['staff', 'conversationReferences', 'campaigns', 'campaignOutbox'];
const NO_PROGRESS_LIMIT_MS = 120_000;

export interface FleetOptions {
  users: number;
  instances: number;
  /** MongoDB-compatible server the instances share (FerretDB in the bench). */
  mongoUrl: string;
  /** SIGKILL the first instance once the stub has accepted this many reminders. */
  killOneAfter?: number;
  batchSize?: number;
  leaseMs?: number;
  log?: (line: string) => void;
}

export interface FleetResult extends BroadcastResult {
  /** Reminders completed as sent without a request (taken over from the killed instance mid-send). */
  unconfirmed: number;
  /** Send-budget claims (round trips) and chunks won, summed over the instances that finished. */
  claims: number;
  chunksWon: number;
}

/**
 * A campaign's d14 reminder to `users` people, sent by `instances` bot instances in processes of their own
 * (bench/fleet-instance.ts) over one MongoDB-compatible database, with one TEAMS_SEND_RATE_PER_SECOND = 50
 * for the tenant (the send budget in the database), to the stub Bot Connector in this process, which
 * counts every request over Teams' 50/s (any sliding second) as an over-limit refusal.
 */
export async function fleetBroadcast(o: FleetOptions): Promise<FleetResult> {
  const log = o.log ?? (() => undefined);
  const memory = new EmbeddedDocumentStore({ inMemory: true });
  const clock = new MutableClock(new Date('2026-11-10T10:00:00Z'));
  const seed = await new CampaignHarness(memory, clock).start();
  const stub = seed.stub;
  let seen = 0;
  stub.addRule({ match: () => ++seen % INJECT_EVERY === 0, status: 429, retryAfterSeconds: 1 });
  const db = `fleet_${o.instances}_${randomBytes(4).toString('hex')}`;
  const client = await MongoClient.connect(o.mongoUrl);
  const children: ChildProcess[] = [];
  try {
    const campaignId = await runningCampaign(seed, o.users, 'Bench');
    await seed.planner.planDue();
    await copyCollections(memory, client.db(db));
    log(`fleet: ${o.users} people seeded in ${db}; starting ${o.instances} instance(s)`);
    const offset = clock.now().getTime() - Date.now();
    const reports = new Map<ChildProcess, { total: unknown; budget: { claims: number; won: number } }>();
    for (let i = 0; i < o.instances; i++) {
      children.push(
        await startInstance({
          FLEET_MONGODB_URL: o.mongoUrl,
          FLEET_DB: db,
          FLEET_WORKER: `fleet-w${i + 1}`,
          FLEET_CLOCK_OFFSET_MS: String(offset),
          FLEET_BATCH: String(o.batchSize ?? 100),
          FLEET_LEASE_MS: String(o.leaseMs ?? 30_000),
          FLEET_RATE: String(TEAMS_LIMIT_PER_SECOND),
        }),
      );
    }
    for (const child of children) {
      child.on(
        'message',
        (m: { done?: boolean; total: unknown; budget: { claims: number; won: number } }) => {
          if (m.done) reports.set(child, m);
        },
      );
      child.send('go');
    }
    const started = performance.now();
    const outbox = client.db(db).collection('campaignOutbox');
    let killed = false;
    let last = { delivered: -1, at: performance.now() };
    for (;;) {
      await new Promise((r) => setTimeout(r, 1_000));
      if (o.killOneAfter !== undefined && !killed && stub.accepted.length >= o.killOneAfter) {
        children[0]?.kill('SIGKILL');
        killed = true;
        log(`fleet: instance 1 killed after ${stub.accepted.length} deliveries`);
      }
      const open = await outbox.countDocuments({ campaignId, state: { $in: ['pending', 'claimed'] } });
      if (open === 0) break;
      if (stub.accepted.length !== last.delivered)
        last = { delivered: stub.accepted.length, at: performance.now() };
      else if (performance.now() - last.at > NO_PROGRESS_LIMIT_MS)
        throw new Error(
          `fleet broadcast made no progress for ${NO_PROGRESS_LIMIT_MS / 1000} s (${open} open)`,
        );
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(alive.map((c) => stopped(c)));
    const firstRequest = stub.requestTimes[0] ?? 0;
    const lastDelivery = stub.accepted.at(-1)?.at ?? firstRequest;
    const seconds = Math.max(0.001, (lastDelivery - firstRequest) / 1000);
    const counts = [...seed.deliveries().values()];
    const delivered = stub.accepted.length;
    const unconfirmed = await outbox.countDocuments({ campaignId, reason: 'unconfirmed' });
    const budgets = [...reports.values()].map((r) => r.budget);
    return {
      users: o.users,
      workers: `${o.instances} instance${o.instances > 1 ? 's' : ''} (processes, FerretDB)${killed ? ', one killed mid-run' : ''}`,
      seconds,
      wallSeconds,
      delivered,
      rateOfLimit: delivered / seconds / TEAMS_LIMIT_PER_SECOND,
      requests: stub.requests.length,
      injected429: Math.floor(seen / INJECT_EVERY),
      limitViolations: stub.limitViolations.length,
      duplicates: counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
      lost: o.users - counts.filter((c) => c > 0).length,
      unconfirmed,
      claims: budgets.reduce((s, b) => s + b.claims, 0),
      chunksWon: budgets.reduce((s, b) => s + b.won, 0),
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await client
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    await seed.close();
    await memory.close();
  }
}

async function copyCollections(
  from: EmbeddedDocumentStore,
  to: ReturnType<MongoClient['db']>,
): Promise<void> {
  for (const name of COLLECTIONS) {
    let batch: Document[] = [];
    for await (const doc of from.collection<Document>(name).stream({})) {
      batch.push({ ...doc });
      if (batch.length === 1000) {
        await to.collection(name).insertMany(batch, { ordered: false });
        batch = [];
      }
    }
    if (batch.length > 0) await to.collection(name).insertMany(batch, { ordered: false });
  }
}

function startInstance(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'fleet-instance.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fleet instance did not start within 120 s')), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet instance exited with ${code} before it was ready`));
    });
    child.once('message', () => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(child);
    });
  });
}

/** Tells an instance to stop once its drain ends, and waits (up to a minute) until it has exited. */
function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.send('stop');
  });
}
