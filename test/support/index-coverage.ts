import { appendFileSync } from 'node:fs';
import type { IndexSpec } from '../../src/ports/document-store';
import { setQueryObserver } from '../../src/adapters/store/query-observer';
import { isServed, shapeKey, shapeOf, type QueryShape } from '../../src/adapters/store/query-shapes';
import { ACCEPTED_WITHOUT_INDEX } from './index-coverage-accepted';

/**
 * setupFilesAfterEnv of the projects that run repositories in the test process (unit, contract, contract-pg,
 * integration): every query a repository sends is recorded by shape (collection, pinned and bounded fields,
 * sort) and checked, when the file's tests are done, against the indexes that repository declared. A shape
 * no index serves fails the file unless index-coverage-accepted.ts lists it with its reason.
 * With QUERY_SHAPES_OUT set, every shape seen is also appended to that file (docs/storage.md is written from it).
 */
const declared = new Map<string, IndexSpec[]>();
const shapes = new Map<string, QueryShape>();

setQueryObserver({
  declared(collection, indexes) {
    const known = declared.get(collection) ?? [];
    const seen = new Set(known.map((i) => JSON.stringify(i.fields)));
    declared.set(collection, [...known, ...indexes.filter((i) => !seen.has(JSON.stringify(i.fields)))]);
  },
  queried(collection, op, filter, sort) {
    const shape = shapeOf(collection, op, filter, sort);
    shapes.set(shapeKey(shape), shape);
  },
});

afterAll(() => {
  const out = process.env.QUERY_SHAPES_OUT;
  const unindexed: string[] = [];
  for (const [key, shape] of shapes) {
    const served = isServed(shape, declared.get(shape.collection) ?? []);
    if (out) appendFileSync(out, `${served ? 'indexed' : 'NO INDEX'}\t${key}\n`);
    if (!served && !(key in ACCEPTED_WITHOUT_INDEX)) unindexed.push(key);
  }
  setQueryObserver(undefined);
  if (unindexed.length > 0) {
    throw new Error(
      `Queries no declared index serves (add an index to the repository, or list the shape with its reason ` +
        `in test/support/index-coverage-accepted.ts):\n  ${unindexed.join('\n  ')}`,
    );
  }
});
