import { ZoufangDB } from '../db/database.ts';

/**
 * The one device database of the app. Tests swap in a fresh one (fake-indexeddb) with `setDb`.
 * Opening is lazy (Dexie opens on first use); a failure surfaces as a StorageError at the call site.
 */
let current: ZoufangDB | null = null;
/** The database's name: the app's default, or the one a test set (kept across `resetDb`). */
let name: string | undefined;

export function getDb(): ZoufangDB {
  current ??= new ZoufangDB(name);
  return current;
}

export function setDb(db: ZoufangDB): void {
  current = db;
  name = db.name;
}

/** After the database was deleted (device-data.ts): the next `getDb()` makes a new, unopened instance. */
export function resetDb(): void {
  current = null;
  for (const fn of resetListeners) fn();
}

const resetListeners = new Set<() => void>();

/** Told after `resetDb`: whoever built on the old instance (the sync wiring) drops it. */
export function onDbReset(fn: () => void): void {
  resetListeners.add(fn);
}
