/**
 * One sync runner per device across tabs (SPEC.md C3). The lock is held for one whole sync round (push and
 * pull); it is a cross-tab mutex, not a database transaction, so holding it across HTTP requests is fine.
 */
export interface SyncLock {
  /** Runs `fn` while holding the lock, waiting for it if another runner holds it. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export const SYNC_LOCK_NAME = 'zoufang-sync';

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * Web Locks where the browser has them (all current browsers incl. iOS Safari 15.4+). Without them, a lock
 * per page: two old tabs could then both push, which the server's per-client sequence numbers still make
 * harmless (P3), only wasteful.
 */
export function createWebLock(name = SYNC_LOCK_NAME): SyncLock {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks && typeof locks.request === 'function') {
    return { run: (fn) => locks.request(name, fn) };
  }
  return createMemoryLock();
}

/** An in-page mutex: the fallback, and the lock tests share between two engines on one database. */
export function createMemoryLock(): SyncLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn, fn);
      tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
  };
}
