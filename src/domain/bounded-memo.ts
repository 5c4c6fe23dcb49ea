/**
 * Values worked out once per key and remembered, up to `limit` keys; when full it forgets them all and starts
 * again (cheaper than tracking recency, and the keys that matter come back at once). For caches on a hot path:
 * word stems, spelling corrections, expanded cards.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value remembered for `key`, or `make(key)`'s, remembered. `undefined` is never remembered. */
  get(key: K, make: (key: K) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }

  clear(): void {
    this.values.clear();
  }
}
