import type { Filter, FilterClause, IndexSpec } from '../../ports/document-store';

/**
 * What an index needs to know about a query: which fields it pins to one value (equality, `$in`), which it
 * bounds (ranges, `$ne`, `$exists`, `$regex`), and the sort. `$or` clauses are shapes of their own (each must be
 * served by an index, as MongoDB plans them separately).
 */
export interface QueryShape {
  collection: string;
  /** The collection method: find, stream, count, countBy, findOneAndUpdate ... */
  op: string;
  equality: string[];
  range: string[];
  sort: Array<[string, 1 | -1]>;
  or?: QueryShape[];
}

const RANGE_OPERATORS = new Set([
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$ne',
  '$nin',
  '$exists',
  '$regex',
  '$options',
]);

function isRange(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object' || condition instanceof Date) return false;
  const ops = Object.keys(condition);
  return ops.length > 0 && ops.every((op) => RANGE_OPERATORS.has(op));
}

function clauseShape(
  collection: string,
  op: string,
  clause: FilterClause | Filter,
  sort: Array<[string, 1 | -1]>,
): QueryShape {
  const equality: string[] = [];
  const range: string[] = [];
  for (const [field, condition] of Object.entries(clause)) {
    if (field === '$or' || condition === undefined) continue;
    (isRange(condition) ? range : equality).push(field);
  }
  return { collection, op, equality: equality.sort(), range: range.sort(), sort };
}

export function shapeOf(
  collection: string,
  op: string,
  filter: Filter,
  sort?: Record<string, 1 | -1>,
): QueryShape {
  const sortPairs = Object.entries<1 | -1>(sort ?? {});
  const shape = clauseShape(collection, op, filter, sortPairs);
  if (filter.$or?.length) {
    shape.or = filter.$or.map((clause) => {
      const inner = clauseShape(collection, op, clause, sortPairs);
      return {
        ...inner,
        equality: [...new Set([...shape.equality, ...inner.equality])].sort(),
        range: [...new Set([...shape.range, ...inner.range])].sort(),
      };
    });
  }
  return shape;
}

/** A stable, readable key: `staff.findOne {aadObjectId}`, `staff.find {} range {methods.0} sort {upn:1}`. */
export function shapeKey(shape: QueryShape): string {
  const one = (s: QueryShape): string =>
    `{${s.equality.join(',')}}` +
    (s.range.length ? ` range {${s.range.join(',')}}` : '') +
    (s.sort.length ? ` sort {${s.sort.map(([f, d]) => `${f}:${d}`).join(',')}}` : '');
  return `${shape.collection}.${shape.op} ${shape.or ? `$or[${shape.or.map(one).join(' | ')}]` : one(shape)}`;
}

/**
 * Whether one index serves a query: it narrows the scan, its first field being one the query pins or bounds
 * (MongoDB then reads only that part of the index; fields outside it are checked on the documents found, and a
 * sort the index does not give is done on them); or, for a query with no filter, it gives the sort (a listing
 * walks the index in order). `_id` is always indexed.
 */
export function indexServes(index: IndexSpec, shape: QueryShape): boolean {
  const first = Object.keys(index.fields)[0];
  if (shape.equality.includes(first) || shape.range.includes(first)) return true;
  return shape.equality.length === 0 && shape.range.length === 0 && givesSort(index, shape, 0);
}

/** Whether the index yields documents in the query's sort order after the fields the query pins. */
export function indexSorts(index: IndexSpec, shape: QueryShape): boolean {
  const fields = Object.keys(index.fields);
  let i = 0;
  while (i < fields.length && shape.equality.includes(fields[i])) i++;
  return givesSort(index, shape, i);
}

function givesSort(index: IndexSpec, shape: QueryShape, from: number): boolean {
  const fields = Object.keys(index.fields);
  const dirs = Object.values(index.fields);
  const sort = shape.sort.filter(([f]) => !shape.equality.includes(f));
  if (sort.length === 0) return shape.sort.length > 0;
  const same = sort.every(([f, d], k) => fields[from + k] === f && dirs[from + k] === d);
  const reversed = sort.every(([f, d], k) => fields[from + k] === f && dirs[from + k] === -d);
  return same || reversed;
}

export function isServed(shape: QueryShape, indexes: IndexSpec[]): boolean {
  const all: IndexSpec[] = [{ fields: { _id: 1 } }, ...indexes];
  if (shape.or) return shape.or.every((clause) => all.some((index) => indexServes(index, clause)));
  return all.some((index) => indexServes(index, shape));
}
