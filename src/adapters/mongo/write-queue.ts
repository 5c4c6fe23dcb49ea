/**
 * Runs writes one after another. Used only against FerretDB 1.x, whose SQLite handler does not apply an
 * update atomically with its filter (FerretDB issue #3040): two version-guarded updates could both win.
 * This restores the guarantee within one process; real MongoDB needs none of it.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op, op);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
