import { ZoufangDB } from '../db/database.ts';

/**
 * The one device database of the app. Tests swap in a fresh one (fake-indexeddb) with `setDb`.
 * Opening is lazy (Dexie opens on first use); a failure surfaces as a StorageError at the call site.
 */
let current: ZoufangDB | null = null;

export function getDb(): ZoufangDB {
  current ??= new ZoufangDB();
  return current;
}

export function setDb(db: ZoufangDB): void {
  current = db;
}
