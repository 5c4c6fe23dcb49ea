import type { BroadcastResult } from './broadcast';
import type { ReachResult } from './reach-broadcast';
import type { EvalReport } from '../src/services/faq/faq-eval';
import type { FaqQuality } from './faq-quality';
import type { SettledIdle } from './idle';
import type { LoadResult } from './load';
import type { ReportResult } from './report';
import { fmt, type Row } from './table';
import type { ServerFigures } from './turns';
import type { RoundTrips, TurnRoundTrips } from './round-trips';

export interface Results {
  turns: Record<string, LoadResult>;
  servers: Record<string, ServerFigures>;
  growth: Record<string, LoadResult>;
  reports: Record<string, ReportResult>;
  broadcast: BroadcastResult[];
  /** The reach broadcast (install phase + email fallback) and its baseline, a plain broadcast of the same size. */
  reach?: { run: ReachResult; baseline: BroadcastResult; label: string };
  /** Idle RSS of the echo bot and our bot (embedded, main size) once V8 has settled. */
  settled?: SettledIdle;
  /** `npm run start:prod`: the real entry point, NODE_ENV=production, authentication on (bench/production-start.ts). */
  production?: ServerFigures;
  /** Store round trips per turn, by store kind (bench/round-trips.ts). */
  roundTrips: Record<string, TurnRoundTrips>;
  /** What the `ferretdb` figures ran on: FerretDB on PostgreSQL, or the MongoDB at MONGODB_URL. */
  mongoLabel: string;
  /** What could not be measured, and why. */
  problems: string[];
  /**
   * FAQ turns against the echo bot in alternating rounds (echo, FAQ, echo, FAQ, ...): each round's FAQ/echo
   * ratio. `turns.echo` and `turns.faq-embedded` are the round with the median ratio.
   */
  pairedRounds?: number[];
  /** The same rounds' ratios of FAQ questions asked mid-enrolment (bench/turns.ts faqMidEnrolmentLoad). */
  pairedMidRounds?: number[];
  /** The median mid-enrolment round: its FAQ load and the echo bot's load of that round. */
  midEnrolment?: { echo: LoadResult; faq: LoadResult };
  /** How the eval set's questions were sorted (bench/turns.ts sortFaqQuestions). */
  questionSets?: { answered: number; commands: string[]; midEnrolment: number };
}

const REPORT_GOAL_MS = 3_000;
const REPORT_GOAL_MB = 50;
const IDLE_GOAL_MB = 120;

/** Every figure of a run as table rows, each beside its same-run baseline and its goal. */
export function tableRows(r: Results, quality: FaqQuality, sizes: number[]): Row[] {
  return [
    ...turnRows(r),
    ...roundTripRows(r),
    ...broadcastRows(r),
    ...reachRows(r),
    ...reportRows(r, sizes),
    ...qualityRows(quality),
    ...serverRows(r),
    ...growthRows(r, sizes),
  ];
}

function turnRows(r: Results): Row[] {
  const base = r.turns.echo;
  if (!base) return [];
  const rows: Row[] = [];
  const paired = (key: string): string =>
    r.pairedRounds && (key === 'echo' || key === 'faq-embedded')
      ? `, median of ${r.pairedRounds.length} paired rounds`
      : '';
  for (const [key, t] of Object.entries(r.turns)) {
    const label =
      (key === 'echo' ? 'echo bot (baseline)' : storeLabel(r, key.replace('-', ', '))) + paired(key);
    rows.push(...loadRows(label, t, base, key.startsWith('faq')));
  }
  if (r.midEnrolment && r.pairedMidRounds) {
    const label = `faq asked mid-enrolment, embedded, median of ${r.pairedMidRounds.length} paired rounds`;
    rows.push(...loadRows(label, r.midEnrolment.faq, r.midEnrolment.echo, true));
  }
  const each = (figure: string, ratios: number[]): Row => ({
    area: 'Turns',
    figure: `${figure}: req/s against the echo bot, each round`,
    value: ratios.map((x) => fmt.x(x)).join(', '),
    baseline: '',
    ratio: '',
    goal: '',
    met: undefined,
  });
  if (r.pairedRounds) rows.push(each('faq, embedded', r.pairedRounds));
  if (r.pairedMidRounds) rows.push(each('faq asked mid-enrolment, embedded', r.pairedMidRounds));
  if (r.questionSets) {
    const q = r.questionSets;
    rows.push({
      area: 'Turns',
      figure: "FAQ loads: the eval set's distinct in-scope questions, sorted by the bot's answer",
      value:
        `${q.answered} answered, ${q.midEnrolment} of them keep a person on the first enrolment step; ` +
        `${q.commands.length} left out as the enrolment command (${q.commands.join(', ')})`,
      baseline: '',
      ratio: '',
      goal: '',
      met: undefined,
    });
  }
  return rows;
}

/**
 * A load's throughput and latency beside its baseline's; a FAQ load is held to the goals, and fails them if any
 * turn failed or was off-script (not the scenario it says it measures).
 */
function loadRows(label: string, t: LoadResult, base: LoadResult, faq: boolean): Row[] {
  const failures = t.errors + t.non2xx + t.failedTurns;
  const errors =
    (failures > 0 ? ` (${failures} of ${t.requests} failed)` : '') +
    (t.offScript > 0 ? ` (${t.offScript} of ${t.requests} off-script)` : '');
  return [
    {
      area: 'Turns',
      figure: `${label}: req/s${errors}`,
      value: fmt.n(t.rps),
      baseline: fmt.n(base.rps),
      ratio: fmt.x(t.rps / base.rps),
      goal: faq ? '>= 0.5x' : '',
      met: faq ? t.rps / base.rps >= 0.5 && failures === 0 && t.offScript === 0 : undefined,
    },
    {
      area: 'Turns',
      figure: `${label}: p50 / p99`,
      value: `${fmt.ms(t.p50)} / ${fmt.ms(t.p99)}`,
      baseline: `${fmt.ms(base.p50)} / ${fmt.ms(base.p99)}`,
      ratio: `p99 ${fmt.x(t.p99 / base.p99)}`,
      goal: faq ? 'p99 <= 3x' : '',
      met: faq ? t.p99 / base.p99 <= 3 : undefined,
    },
  ];
}

/** `ferretdb` in a figure's name says which server it really was (FerretDB on PostgreSQL, or MONGODB_URL). */
function storeLabel(r: Results, text: string): string {
  return text.replace(/\bferretdb\b/, r.mongoLabel);
}

const TURN_GOALS: Record<
  keyof TurnRoundTrips,
  { label: string; goal: string; met?: (t: RoundTrips) => boolean }
> = {
  faq: { label: 'FAQ question', goal: '<= 2 reads, <= 1 write', met: (t) => t.reads <= 2 && t.writes <= 1 },
  stepButton: { label: 'step button', goal: '' },
  adminStatus: { label: 'admin status', goal: '' },
  codeCheck: { label: 'TOTP code check (wrong code)', goal: '<= 6 (printed as is)' },
};

function roundTripRows(r: Results): Row[] {
  const rows: Row[] = [];
  for (const [kind, turns] of Object.entries(r.roundTrips)) {
    for (const [key, goal] of Object.entries(TURN_GOALS) as Array<
      [keyof TurnRoundTrips, (typeof TURN_GOALS)['faq']]
    >) {
      const t = turns[key];
      if (!t) continue;
      const detail = Object.entries(t.calls)
        .map(([op, n]) => (n > 1 ? `${op} x${n}` : op))
        .join(', ');
      rows.push({
        area: 'Round trips',
        figure: `${storeLabel(r, kind)}, ${goal.label}: store calls per turn (${detail})`,
        value: `${t.total} (${t.reads} reads, ${t.writes} writes)`,
        baseline: '',
        ratio: '',
        goal: goal.goal,
        met: goal.met?.(t),
      });
    }
  }
  return rows;
}

/** Issue 23: one instance within 2 % of the 0.98x ceiling (2 % of slots go to 429s), a fleet within 5 %. */
function broadcastGoal(workers: string): number {
  return workers === '1 instance' ? 0.97 : 0.95;
}

function broadcastRows(r: Results): Row[] {
  return r.broadcast.flatMap((b) => [
    {
      area: 'Broadcast',
      figure: `${b.users} people, ${b.workers}: delivered/s (${b.injected429} injected 429s, ${b.limitViolations} over-limit refusals)`,
      value: fmt.n(b.delivered / b.seconds, 1),
      baseline: '50/s limit',
      ratio: fmt.x(b.rateOfLimit),
      goal: `>= ${broadcastGoal(b.workers).toFixed(2)}x, 0 over-limit`,
      met: b.rateOfLimit >= broadcastGoal(b.workers) && b.limitViolations === 0,
    },
    {
      area: 'Broadcast',
      figure: `${b.users} people, ${b.workers}: duplicates / lost`,
      value: `${b.duplicates} / ${b.lost}`,
      baseline: '',
      ratio: '',
      goal: '0 / 0',
      met: b.duplicates === 0 && b.lost === 0,
    },
  ]);
}

function reachRows(r: Results): Row[] {
  if (!r.reach) return [];
  const { run: x, baseline: b, label } = r.reach;
  const who = `${x.users} people${label}, 90% never chatted, 5% unlicensed, 1 instance`;
  const sendRate = x.delivered / x.sendSeconds;
  const baseRate = b.delivered / b.seconds;
  return [
    {
      area: 'Reach',
      figure: `${who}: installs/s (${x.installs} installs at TEAMS_INSTALL_RATE_PER_SECOND=${x.installRatePerSecond}, ${x.graph429} Graph 429s)`,
      value: fmt.n(x.installs / x.installSeconds, 1),
      baseline: `${x.installRatePerSecond}/s setting`,
      ratio: fmt.x(x.installs / x.installSeconds / x.installRatePerSecond),
      goal: '',
    },
    {
      area: 'Reach',
      figure: `${who}: Teams reminders/s (${x.delivered} sent, ${x.injected429} injected 429s, ${x.limitViolations} over-limit refusals)`,
      value: fmt.n(sendRate, 1),
      baseline: `${fmt.n(baseRate, 1)} (plain broadcast, ${b.users} people, same run)`,
      ratio: fmt.x(sendRate / baseRate),
      goal: '',
    },
    {
      area: 'Reach',
      figure: `${who}: end-to-end time to reach everyone (installs + Teams + ${x.emails} emails)`,
      value: `${fmt.n(x.endToEndSeconds, 1)} s`,
      baseline: `${fmt.n(b.wallSeconds, 1)} s (plain broadcast)`,
      ratio: fmt.x(x.endToEndSeconds / b.wallSeconds),
      goal: '',
    },
    {
      area: 'Reach',
      figure: `${who}: duplicates / lost / installed twice`,
      value: `${x.duplicates} / ${x.lost} / ${x.installedTwice}`,
      baseline: '',
      ratio: '',
      goal: '0 / 0 / 0',
      met: x.duplicates === 0 && x.lost === 0 && x.installedTwice === 0,
    },
  ];
}

function reportRows(r: Results, sizes: number[]): Row[] {
  const top = Math.max(...sizes);
  return Object.entries(r.reports)
    .filter(([key]) => key.endsWith(`-${top}`))
    .map(([key, rep]) => ({
      area: 'Report',
      figure: `${storeLabel(r, key.split('-')[0] ?? key)}, ${rep.users} people: CSV + summary (RSS growth ${fmt.mb(rep.rssGrowthMb)})`,
      value: `${fmt.ms(rep.csvMs)} + ${fmt.ms(rep.summaryMs)}`,
      baseline: `${fmt.ms(rep.baselineMs)} (csv-stringify, in memory)`,
      ratio: fmt.x(rep.ratio),
      goal: '< 3 s, < 50 MB',
      met: rep.csvMs + rep.summaryMs < REPORT_GOAL_MS && rep.rssGrowthMb < REPORT_GOAL_MB,
    }));
}

function qualityRows(q: FaqQuality): Row[] {
  const sets: [string, EvalReport][] = [['tuning set', q.report]];
  if (q.heldout) sets.push([q.heldoutName ?? 'held-out set', q.heldout]);
  return sets.flatMap(([name, report]) => [
    {
      area: 'FAQ',
      figure: `${name}: top-1 accuracy (${report.inScope} questions)`,
      value: fmt.pct(report.top1),
      baseline: '',
      ratio: '',
      goal: `>= ${fmt.pct(q.targets.top1)}`,
      met: report.top1 >= q.targets.top1,
    },
    {
      area: 'FAQ',
      figure: `${name}: out-of-scope refusal (${report.outOfScope} questions)`,
      value: fmt.pct(report.rejection),
      baseline: '',
      ratio: '',
      goal: `>= ${fmt.pct(q.targets.rejection)}`,
      met: report.rejection >= q.targets.rejection,
    },
  ]);
}

function serverRows(r: Results): Row[] {
  const echo = r.servers.echo;
  if (!echo) return [];
  const settled = r.settled;
  const settledRows: Row[] = settled
    ? [
        {
          area: 'Process',
          figure: `bot-embedded: idle RSS after ${settled.afterSec} s (V8 settled)`,
          value: fmt.mb(settled.botRssMb),
          baseline: fmt.mb(settled.echoRssMb),
          ratio: fmt.x(settled.botRssMb / settled.echoRssMb),
          goal: `< ${IDLE_GOAL_MB} MB`,
          met: settled.botRssMb < IDLE_GOAL_MB,
        },
        ...(settled.botMongoRssMb === undefined
          ? []
          : [
              {
                area: 'Process',
                figure: `bot, ${r.mongoLabel} (MongoDB driver, no directory in memory): idle RSS after ${settled.afterSec} s (V8 settled)`,
                value: fmt.mb(settled.botMongoRssMb),
                baseline: fmt.mb(settled.echoRssMb),
                ratio: fmt.x(settled.botMongoRssMb / settled.echoRssMb),
                goal: `< ${IDLE_GOAL_MB} MB`,
                met: settled.botMongoRssMb < IDLE_GOAL_MB,
              },
            ]),
      ]
    : [];
  const production = r.production;
  const productionRows: Row[] = production
    ? [
        {
          area: 'Process',
          figure: 'production start (start:prod, NODE_ENV=production, auth on, empty store): idle RSS',
          value: fmt.mb(production.idleRssMb),
          baseline: fmt.mb(echo.idleRssMb),
          ratio: fmt.x(production.idleRssMb / echo.idleRssMb),
          goal: `< ${IDLE_GOAL_MB} MB`,
          met: production.idleRssMb < IDLE_GOAL_MB,
        },
        {
          area: 'Process',
          figure: 'production start (start:prod, NODE_ENV=production, auth on, empty store): start-up',
          value: fmt.ms(production.startupMs),
          baseline: fmt.ms(echo.startupMs),
          ratio: fmt.x(production.startupMs / echo.startupMs),
          goal: '',
        },
      ]
    : [];
  return Object.entries(r.servers)
    .filter(([key]) => key !== 'echo')
    .flatMap(([key, s]) => [
      {
        area: 'Process',
        figure: `${storeLabel(r, key)}: idle RSS`,
        value: fmt.mb(s.idleRssMb),
        baseline: fmt.mb(echo.idleRssMb),
        ratio: fmt.x(s.idleRssMb / echo.idleRssMb),
        goal: `< ${IDLE_GOAL_MB} MB`,
        met: s.idleRssMb < IDLE_GOAL_MB,
      },
      {
        area: 'Process',
        figure: `${storeLabel(r, key)}: start-up (plain JS)`,
        value: fmt.ms(s.startupMs),
        baseline: fmt.ms(echo.startupMs),
        ratio: fmt.x(s.startupMs / echo.startupMs),
        goal: '',
      },
    ])
    .concat(productionRows, settledRows);
}

function growthRows(r: Results, sizes: number[]): Row[] {
  const first = sizes[0];
  const baseTurn = r.growth[`embedded-${first}`];
  return sizes.flatMap((size) => {
    const turn = r.growth[`embedded-${size}`];
    const rows: Row[] = [];
    if (turn && baseTurn)
      rows.push({
        area: 'Growth',
        figure: `FAQ req/s, embedded, ${size} people`,
        value: fmt.n(turn.rps),
        baseline: `${fmt.n(baseTurn.rps)} at ${first}`,
        ratio: fmt.x(turn.rps / baseTurn.rps),
        goal: 'flat',
      });
    for (const kind of ['embedded', 'ferretdb']) {
      const rep = r.reports[`${kind}-${size}`];
      const baseRep = r.reports[`${kind}-${first}`];
      if (rep && baseRep)
        rows.push({
          area: 'Growth',
          figure: `CSV export, ${storeLabel(r, kind)}, ${size} people: ms per 1k people`,
          value: fmt.n((rep.csvMs / size) * 1000, 1),
          baseline: `${fmt.n((baseRep.csvMs / first) * 1000, 1)} at ${first}`,
          ratio: fmt.x(rep.csvMs / size / (baseRep.csvMs / first)),
          goal: 'linear (~1x)',
        });
    }
    return rows;
  });
}
