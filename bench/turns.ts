import { startChildServer, type ChildServer } from './child-server';
import { loadTest, message, type LoadOptions, type LoadResult } from './load';
import { post } from './round-trips';

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

/**
 * People in each FAQ load, from the directory's plain staff (bench/seed.ts directoryStaffIds): each has chatted
 * with the bot before (welcomed once, untimed).
 */
const FAQ_PEOPLE = 50;
/** The person who asks every question once to sort them (not in any load, nor in bench/round-trips.ts). */
const SORTING_PERSON = 150;
/** An enrolment step card ("Step 2 of 4"): the walk-through was started, resumed or shown again. */
const ENROLMENT_STEP = /Step \d of \d/;
/** The walk-through's first card, which a question asked on it shows again after the answer. */
const FIRST_STEP = /Step 1 of 4/;

/** The eval set's in-scope questions, sorted by what the bot does with them (sortFaqQuestions). */
export interface FaqQuestionSets {
  /** Answered from the FAQ with no dialog active: the FAQ load. */
  answered: string[];
  /** Taken as the enrolment command ("set up mfa", "enrol mfa"): in no load (they are not FAQ turns). */
  commands: string[];
  /** Answered on the walk-through's first step, which is then shown again: the mid-enrolment load. */
  midEnrolment: string[];
}

/**
 * Asks every distinct question once, as one person outside the loads, and sorts them by the bot's answer. A
 * few are the enrolment command: asked in a FAQ load, they started the walk-through for the person asking,
 * whose every later question was then answered mid-enrolment (with the step card shown again), so a minute
 * into the load nearly every "FAQ turn" was a mid-enrolment one. Those are left out; questions asked
 * mid-enrolment are a load of their own (faqMidEnrolmentLoad), of the questions that keep the person on the
 * first step (a few, such as "I don't carry a phone on site, so how am I supposed to do this?", move the
 * walk-through on instead).
 */
export async function sortFaqQuestions(
  url: string,
  directory: string[],
  questions: string[],
): Promise<FaqQuestionSets> {
  const person = directory[SORTING_PERSON];
  const reply = (text: string): Promise<string> => post(url, message(text, person));
  if (!person) throw new Error(`the directory has no person ${SORTING_PERSON} to sort the questions`);
  const sets: FaqQuestionSets = { answered: [], commands: [], midEnrolment: [] };
  await reply('hello');
  await reply('cancel');
  for (const question of new Set(questions)) {
    if (ENROLMENT_STEP.test(await reply(question))) {
      sets.commands.push(question);
      await reply('cancel');
    } else sets.answered.push(question);
  }
  await reply('start again');
  for (const question of sets.answered) {
    if (FIRST_STEP.test(await reply(question))) sets.midEnrolment.push(question);
    else await reply('start again');
  }
  await reply('cancel');
  return sets;
}

/** FAQ: people who have used the bot before ask the questions it answers from the FAQ, round robin. */
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
  return roundRobin(url, users, questions, s, { lacks: ENROLMENT_STEP });
}

/**
 * The same kind of questions asked mid-enrolment: other people, each on the walk-through's first step (typed
 * "start again" once, untimed), whose every answer shows that step again.
 */
export async function faqMidEnrolmentLoad(
  url: string,
  directory: string[],
  questions: string[],
  s: TurnSettings,
): Promise<LoadResult> {
  const users = directory.slice(FAQ_PEOPLE, 2 * FAQ_PEOPLE);
  for (let i = 0; i < users.length; i += 10)
    await Promise.all(users.slice(i, i + 10).map((u) => probe(url, message('start again', u), FIRST_STEP)));
  return roundRobin(url, users, questions, s, { holds: FIRST_STEP });
}

function roundRobin(
  url: string,
  users: string[],
  questions: string[],
  s: TurnSettings,
  expect: LoadOptions['expect'],
): Promise<LoadResult> {
  let next = 0;
  return loadTest({
    url,
    ...s,
    expect,
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
