/** The part of NeDB's internal document model the embedded driver uses to build upserted documents. */
declare module '@seald-io/nedb/lib/model' {
  /** Applies Mongo-style modifiers ($set, $unset, $inc, $push) to a copy of `doc`. */
  export function modify<T extends object>(doc: T, update: object): T;
}
