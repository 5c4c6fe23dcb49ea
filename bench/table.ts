export interface Row {
  area: string;
  figure: string;
  value: string;
  baseline: string;
  /** Measured / baseline (or the figure's own ratio), as shown. */
  ratio: string;
  goal: string;
  met?: boolean;
}

export const fmt = {
  n: (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a'),
  ms: (x: number): string => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : 'n/a'),
  pct: (x: number): string => `${(x * 100).toFixed(1)}%`,
  x: (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a'),
  mb: (x: number): string => `${x.toFixed(1)} MB`,
};

/** The results as one Markdown table (what docs/performance.md shows). */
export function markdownTable(rows: Row[]): string {
  const head = '| Area | Figure | Measured | Baseline | Ratio | Goal | Met |\n|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.area} | ${r.figure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.goal} | ${
        r.met === undefined ? '' : r.met ? 'yes' : '**no**'
      } |`,
  );
  return [head, ...lines].join('\n');
}
