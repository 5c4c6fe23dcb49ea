/** A collection the retention sweep may thin out: deletes what its own rule says is older than `before`. */
export interface Purgeable {
  purgeOlderThan(before: Date): Promise<number>;
}

/** One retention rule: `days` 0 keeps everything. */
export interface RetentionRule {
  name: string;
  target: Purgeable;
  days: number;
}
