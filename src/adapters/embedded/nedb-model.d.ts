/**
 * The part of NeDB's document model (lib/model.js, exported there) the embedded driver uses: building
 * upserted documents, and matching, sorting and copying documents when it streams a collection.
 */
declare module '@seald-io/nedb/lib/model' {
  /** Applies Mongo-style modifiers ($set, $unset, $inc, $push) to a copy of `doc`. */
  export function modify<T extends object>(doc: T, update: object): T;
  /** Whether `doc` matches the (NeDB-shaped) query, exactly as Datastore#find decides. */
  export function match(doc: object, query: object): boolean;
  /** The value at a dotted path ("a.b.c"), as NeDB's cursor reads sort keys. */
  export function getDotValue(doc: object, field: string): unknown;
  /** NeDB's total order over values of any type (the order Cursor#sort uses). */
  export function compareThings(
    a: unknown,
    b: unknown,
    compareStrings?: (a: string, b: string) => number,
  ): number;
  /** A deep copy, Dates included. */
  export function deepCopy<T>(doc: T): T;
}
