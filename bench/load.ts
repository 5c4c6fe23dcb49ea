import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** 200 answers that were an apology: records unreachable, a turn error, or "not in the directory". */
  failedTurns: number;
  /** 200 answers that were not the scenario's (LoadOptions.expect): the load did not measure what it says. */
  offScript: number;
}

/** The bot's apologies (src/strings/common.ts): a turn answered with one of these did not work. */
const FAILED_TURN =
  /I can't reach my records|something went wrong on my side|can't find you in the staff directory/;

export interface LoadOptions {
  url: string;
  durationSec: number;
  connections: number;
  /** Each connection sends these bodies in order, again and again; called with a per-connection context. */
  sequence: ((context: Record<string, unknown>) => unknown)[];
  /** What every answer holds in this scenario (e.g. the enrolment step shown again); others count as offScript. */
  expect?: { holds?: RegExp; lacks?: RegExp };
}

/** autocannon against POST /api/messages on 127.0.0.1 for a bounded time. */
export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  let failedTurns = 0;
  let offScript = 0;
  const { holds, lacks } = options.expect ?? {};
  const r = await autocannon({
    url: `${options.url}/api/messages`,
    connections: options.connections,
    duration: options.durationSec,
    timeout: 30,
    requests: options.sequence.map((body) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // autocannon's context is a plain per-connection object the sequence keeps its state in.
      setupRequest: (req, context) => ({
        ...req,
        body: JSON.stringify(body(context as Record<string, unknown>)),
      }),
      onResponse: (status, text) => {
        if (status !== 200) return;
        if (FAILED_TURN.test(text)) failedTurns += 1;
        else if ((holds && !holds.test(text)) || lacks?.test(text)) offScript += 1;
      },
    })),
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    failedTurns,
    offScript,
  };
}

let activityCounter = 0;

/** A Teams personal-chat message from `aadObjectId`, asking for the replies in the HTTP response. */
export function message(text: string, aadObjectId: string): Record<string, unknown> {
  activityCounter += 1;
  return {
    type: 'message',
    id: `bench-${activityCounter}`,
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    conversation: { id: `a:personal-${aadObjectId}`, conversationType: 'personal', tenantId: 'tenant-1' },
    from: { id: `29:${aadObjectId}`, name: 'Bench User', aadObjectId },
    recipient: { id: '28:bot', name: 'MFA bot' },
  };
}
