import { DuplicateKeyError, StoreUnavailableError } from '../../errors';
import type { FieldCondition, Filter, IndexSpec } from '../../ports/document-store';
import { isPlainObject } from '../store/document-values';

/** NeDB wants RegExp objects where MongoDB takes `{ $regex, $options }`; everything else is the same. */
export function toNedbQuery(filter: Filter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (field === '$or' && Array.isArray(condition)) {
      out.$or = (condition as Filter[]).map((f) => toNedbQuery(f));
    } else {
      out[field] = toNedbCondition(condition as FieldCondition);
    }
  }
  return out;
}

function toNedbCondition(condition: FieldCondition): unknown {
  if (isPlainObject(condition) && '$regex' in condition) {
    const { $regex, $options } = condition as { $regex: string; $options?: string };
    return { $regex: new RegExp($regex, $options ?? '') };
  }
  return condition;
}

/** What MongoDB takes from the filter when an upsert inserts: the plain equalities, dotted paths expanded. */
export function upsertBase(filter: Filter): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$') || isPlainObject(condition)) continue;
    setPath(base, field, condition);
  }
  return base;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

interface NedbError {
  errorType?: string;
  key?: unknown;
  code?: unknown;
}

/** Turns NeDB's errors into the port's: unique violations and I/O failures; anything else is a bug. */
export function mapNedbError(err: unknown, uniqueIndexes: readonly IndexSpec[], doc?: object): unknown {
  const e = (err ?? {}) as NedbError;
  if (e.errorType === 'uniqueViolated') {
    return new DuplicateKeyError(violatedKey(uniqueIndexes, e.key, doc));
  }
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return new StoreUnavailableError(err);
  return err;
}

function violatedKey(uniqueIndexes: readonly IndexSpec[], value: unknown, doc?: object): string {
  const names = uniqueIndexes.map((spec) => Object.keys(spec.fields));
  const match = names.find((fields) => {
    if (fields.length !== 1 || doc === undefined) return false;
    return readPath(doc, fields[0]) === value;
  });
  return (match ?? names[0] ?? ['key']).join(',');
}

function readPath(doc: object, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}
