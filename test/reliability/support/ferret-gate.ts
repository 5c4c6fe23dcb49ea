import { findFerretDbBinary } from '../../support/ferretdb';

/** The reliability suites that start their own FerretDB: run them when a binary exists (always in CI). */
export const ferretBinary = findFerretDbBinary();
if (!ferretBinary && process.env.CI === 'true')
  throw new Error('CI needs a ferretdb binary for the reliability tests');

export const describeWithFerret = ferretBinary ? describe : describe.skip;

export function noteSkipped(title: string): void {
  if (!ferretBinary)
    process.stderr.write(`SKIPPED ${title}: no ferretdb binary (see test/support/ferretdb.ts)\n`);
}

/** Polls `probe` until `ok`, or fails after `ms` with the last value. */
export async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms: number,
): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    const elapsed = Date.now() - started;
    if (ok(value)) return { value, elapsed };
    if (elapsed > ms) throw new Error(`condition not met within ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
