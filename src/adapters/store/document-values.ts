import type { Update } from '../../ports/document-store';

/**
 * Helpers both drivers share so they write the same documents: `undefined` never reaches the store
 * (the official driver would write null, NeDB would keep it in memory but drop it on disk).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A deep copy of plain objects and arrays without `undefined` properties; Dates and other values are kept. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => stripUndefined(v)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = stripUndefined(v);
  }
  return out as T;
}

/** Drops undefined values and empty operators; `{}` means "nothing to change". */
export function normaliseUpdate(update: Update): Update {
  const out: Update = {};
  if (update.$set) {
    const set = stripUndefined(update.$set);
    if (Object.keys(set).length > 0) out.$set = set;
  }
  if (update.$unset && Object.keys(update.$unset).length > 0) out.$unset = { ...update.$unset };
  if (update.$inc && Object.keys(update.$inc).length > 0) out.$inc = { ...update.$inc };
  if (update.$push) {
    const push = stripUndefined(update.$push);
    if (Object.keys(push).length > 0) out.$push = push;
  }
  return out;
}

export function isEmptyUpdate(update: Update): boolean {
  return Object.keys(update).length === 0;
}

/** Escapes every regular-expression metacharacter so user text matches literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Returns the document without the store's own `_id`. */
export function withoutId<T extends object>(doc: T & { _id?: unknown }): T {
  const rest: Record<string, unknown> = { ...doc };
  delete rest._id;
  return rest as T;
}
