import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import parseArgs from 'yargs-parser';
import { SYNTHETIC_HEADER, syntheticDirectory } from '../services/directory-import/synthetic-directory';

const USAGE =
  'Usage: npm run generate:directory -- --count 100000 --out staff-100k.csv [--seed 42] [--invalid 0.01]\n' +
  '  --out - writes to standard output.';

/**
 * `npm run generate:directory`: writes a large fictional directory CSV for benchmarks and import tests.
 * Deterministic (same seed, same file) and streamed, so 100k or 1M rows need no memory to speak of.
 */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { string: ['out'], number: ['count', 'seed', 'invalid'], boolean: ['help'] });
  const count = (args.count as number | undefined) ?? 1000;
  const seed = (args.seed as number | undefined) ?? 42;
  const invalidShare = (args.invalid as number | undefined) ?? 0;
  const out = args.out as string | undefined;
  const problems = [
    !out && '--out is required',
    !(Number.isInteger(count) && count > 0 && count <= 10_000_000) &&
      '--count must be a whole number from 1 to 10000000',
    !Number.isInteger(seed) && '--seed must be a whole number',
    !(invalidShare >= 0 && invalidShare <= 1) && '--invalid must be between 0 and 1',
  ].filter((p): p is string => typeof p === 'string');
  if (args.help === true || problems.length > 0) {
    for (const p of problems) process.stderr.write(`${p}\n`);
    process.stderr.write(`${USAGE}\n`);
    return args.help === true ? 0 : 1;
  }
  const started = Date.now();
  const target: Writable = out === '-' ? process.stdout : createWriteStream(out as string);
  await pipeline(
    Readable.from(syntheticDirectory({ count, seed, invalidShare })),
    stringify({ header: true, columns: SYNTHETIC_HEADER }),
    target,
  );
  if (out !== '-') {
    process.stderr.write(
      `Wrote ${count} rows to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed}).\n`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `Could not write the directory: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
