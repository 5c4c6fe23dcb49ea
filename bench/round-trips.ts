import { message } from './load';

/**
 * Store round trips per turn, counted by the bot's instrumented store (src/metrics-store.ts: every collection
 * call is one `store_operation_seconds` observation, labelled `<collection>.<method>`), read from the child
 * server's /metrics before and after one turn. What predicts MongoDB behaviour where FerretDB timings do not:
 * each call is one request to the database. Each turn is measured REPEAT times (different people where the
 * turn allows) and the run with the median total is kept, so a sweeper's call landing meanwhile does not count.
 */
export interface RoundTrips {
  /** Calls in the median run, by `<collection>.<method>`. */
  calls: Record<string, number>;
  total: number;
  reads: number;
  writes: number;
}

const REPEAT = 5;
const SETTLE_MS = 250;
const READS = new Set(['findOne', 'find', 'count', 'countBy', 'stream']);

async function storeCalls(metricsUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const calls = new Map<string, number>();
  for (const m of text.matchAll(/^store_operation_seconds_count\{([^}]*)\} (\d+)/gm)) {
    const op = /operation="([^"]+)"/.exec(m[1] ?? '')?.[1];
    if (op && op !== 'ping') calls.set(op, (calls.get(op) ?? 0) + Number(m[2]));
  }
  return calls;
}

export async function post(url: string, body: unknown): Promise<string> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`turn answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** Runs `turn(i)` REPEAT times after `prepare(i)` (uncounted) and returns the median run's calls. */
export async function roundTripsOf(
  metricsUrl: string,
  prepare: (i: number) => Promise<void>,
  turn: (i: number) => Promise<void>,
): Promise<RoundTrips> {
  const runs: RoundTrips[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await prepare(i);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const before = await storeCalls(metricsUrl);
    await turn(i);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const after = await storeCalls(metricsUrl);
    const calls: Record<string, number> = {};
    for (const [op, n] of after) if (n - (before.get(op) ?? 0) > 0) calls[op] = n - (before.get(op) ?? 0);
    const count = (pick: (method: string) => boolean): number =>
      Object.entries(calls)
        .filter(([op]) => pick(op.slice(op.lastIndexOf('.') + 1)))
        .reduce((sum, [, n]) => sum + n, 0);
    const reads = count((m) => READS.has(m));
    runs.push({ calls, total: count(() => true), reads, writes: count((m) => !READS.has(m)) });
  }
  runs.sort((a, b) => a.total - b.total);
  return runs[Math.floor(runs.length / 2)];
}

/** The Action.Execute buttons of the cards in a reply, as { verb, data }. */
export function buttonsIn(reply: string): Array<{ verb: string; data: Record<string, unknown> }> {
  const found: Array<{ verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string')
        found.push({ verb: o.verb, data: (o.data as Record<string, unknown>) ?? {} });
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(reply) as unknown);
  return found;
}

/** An Adaptive Card Action.Execute press by `aadObjectId` in their personal chat. */
export function press(
  verb: string,
  data: Record<string, unknown>,
  aadObjectId: string,
): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...message('', aadObjectId) };
  delete rest.text;
  return {
    ...rest,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

export interface TurnRoundTrips {
  faq?: RoundTrips;
  stepButton?: RoundTrips;
  adminStatus?: RoundTrips;
  codeCheck?: RoundTrips;
}

/**
 * The turns the issue names, each by people who have chatted before (their welcome is behind them):
 * a FAQ question; a step button (the first enrolment card's "Let's start"); an admin's `status <upn>`; and a
 * typed TOTP code on the authenticator step (a wrong one: the bench cannot read the QR code; same checks).
 */
export async function measureTurnRoundTrips(
  url: string,
  metricsUrl: string,
  ids: string[],
  upns: string[],
  question: string,
): Promise<TurnRoundTrips> {
  const out: TurnRoundTrips = {};
  const person = (offset: number, i: number): string => ids[offset + i];
  out.faq = await roundTripsOf(
    metricsUrl,
    (i) => post(url, message(question, person(100, i))).then(() => undefined),
    async (i) => void (await post(url, message(question, person(100, i)))),
  );
  const cards: string[] = [];
  out.stepButton = await roundTripsOf(
    metricsUrl,
    async (i) => {
      await post(url, message('hello', person(200, i)));
      cards[i] = await post(url, message('set up', person(200, i)));
    },
    async (i) => {
      const start = buttonsIn(cards[i]).find((b) => b.verb === 'enrolment.answer');
      if (!start) throw new Error('the enrolment card had no step button');
      await post(url, press(start.verb, start.data, person(200, i)));
    },
  );
  // Row 1 of the synthetic directory is a global admin.
  out.adminStatus = await roundTripsOf(
    metricsUrl,
    (i) => post(url, message('help', ids[0])).then(() => void i),
    async (i) => void (await post(url, message(`status ${upns[300 + i]}`, ids[0]))),
  );
  const submits: Array<Record<string, unknown>> = [];
  out.codeCheck = await roundTripsOf(
    metricsUrl,
    async (i) => {
      const who = person(400, i);
      await post(url, message('hello', who));
      let reply = await post(url, message('set up', who));
      for (const answer of ["Let's start", 'Personal phone', "I've installed it"]) {
        const b = buttonsIn(reply).find((x) => x.data.answer === answer);
        if (!b) throw new Error(`no "${answer}" button on the way to the code step`);
        reply = await post(url, press(b.verb, b.data, who));
      }
      const submit = buttonsIn(reply).find((x) => x.verb === 'enrolment.submit');
      if (!submit) throw new Error('no code step reached');
      submits[i] = submit.data;
    },
    async (i) => {
      await post(url, press('enrolment.submit', { ...submits[i], code: '000000' }, person(400, i)));
    },
  );
  return out;
}
