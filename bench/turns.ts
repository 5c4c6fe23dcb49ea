import { startChildServer, type ChildServer } from './child-server';
import { loadTest, message, type LoadResult } from './load';

export interface TurnSettings {
  durationSec: number;
  connections: number;
}

export interface ServerFigures {
  startupMs: number;
  idleRssMb: number;
}

/** The first enrolment steps, as typed button titles (each virtual user starts with "set up"). */
const ENROLMENT_STEPS = ['set up', "Let's start", 'Personal phone'];
const IDLE_WAIT_MS = 1_500;

/** Starts a server in a child process, lets it settle, and notes its start-up time and idle RSS. */
export async function startMeasured(
  kind: 'echo' | 'bot',
  env: Record<string, string>,
  jsRoot?: string,
): Promise<{ server: ChildServer; figures: ServerFigures }> {
  const server = await startChildServer(kind, env, jsRoot);
  await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
  return { server, figures: { startupMs: server.startupMs, idleRssMb: server.rssMb() } };
}

/** Echo baseline: everyone says hello. */
export function echoLoad(url: string, users: string[], s: TurnSettings): Promise<LoadResult> {
  let next = 0;
  return loadTest({ url, ...s, sequence: [() => message('hello', users[next++ % users.length])] });
}

/** People in the FAQ load: each has chatted with the bot before (welcomed once, untimed). */
const FAQ_PEOPLE = 50;

/** FAQ: people who have used the bot before ask the eval set's in-scope questions, round robin. */
export async function faqLoad(
  url: string,
  directory: string[],
  questions: string[],
  s: TurnSettings,
): Promise<LoadResult> {
  const users = directory.slice(0, FAQ_PEOPLE);
  for (let i = 0; i < users.length; i += 10)
    await Promise.all(
      users.slice(i, i + 10).map((u) => probe(url, message(questions[0], u), /"activities"/)),
    );
  let next = 0;
  return loadTest({
    url,
    ...s,
    sequence: [
      () => {
        next += 1;
        return message(questions[next % questions.length], users[next % users.length]);
      },
    ],
  });
}

/** Enrolment: each connection walks a fresh person through the first steps, then takes the next person. */
export function enrolmentLoad(url: string, users: string[], s: TurnSettings): Promise<LoadResult> {
  let next = 0;
  return loadTest({
    url,
    ...s,
    sequence: ENROLMENT_STEPS.map((text, step) => (context: Record<string, unknown>) => {
      if (step === 0) context.user = users[next++ % users.length];
      return message(text, context.user as string);
    }),
  });
}

/** One request outside the load, to check the server answers this scenario as expected before timing it. */
export async function probe(url: string, body: unknown, expect: RegExp): Promise<void> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200 || !expect.test(text))
    throw new Error(`probe failed (${res.status}): expected ${String(expect)} in ${text.slice(0, 300)}`);
}
