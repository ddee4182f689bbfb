/**
 * A FIFO async mutex. The SQLite store has one connection: while a write transaction awaits its callback,
 * no other statement may run on that connection, or it would read (or join) the uncommitted transaction.
 */
export class Lock {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(fn);
    // The next holder waits for this one to settle, whatever its outcome.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
