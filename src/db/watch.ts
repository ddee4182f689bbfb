import { Dexie, liveQuery, type ObservabilitySet } from 'dexie';
import type { ZoufangDB } from './database.ts';

/**
 * How the stores learn that the device's data changed, without touching Dexie themselves. Dexie's
 * `storagemutated` event fires for every write — in this tab, in other tabs, and from the sync engine's
 * pulls — for every open database: each watcher filters by its database's name.
 */

/** Calls `onChange` with each write's description (Dexie's ObservabilitySet); returns the unsubscribe. */
export function watchWrites(onChange: (parts: ObservabilitySet) => void): () => void {
  Dexie.on('storagemutated', onChange);
  return () => Dexie.on.storagemutated.unsubscribe(onChange);
}

/** Calls `onChange` after every write to `table` of `db`; returns the unsubscribe. */
export function watchTable(db: ZoufangDB, table: string, onChange: () => void): () => void {
  const prefix = `idb://${db.name}/${table}/`;
  return watchWrites((parts) => {
    if (Object.keys(parts).some((k) => k.startsWith(prefix))) onChange();
  });
}

export interface QueryObserver<T> {
  next(value: T): void;
  error(error: unknown): void;
}

/**
 * Runs `query` now and again whenever a table it read changes (Dexie's liveQuery); returns the unsubscribe.
 * `query` must read through src/db functions only (their reads are what is observed).
 */
export function observeQuery<T>(query: () => Promise<T>, observer: QueryObserver<T>): () => void {
  const subscription = liveQuery(query).subscribe({
    next: (value) => observer.next(value),
    error: (error: unknown) => observer.error(error),
  });
  return () => subscription.unsubscribe();
}
