import { Dexie } from 'dexie';
import { KINDS } from '../model/kind-list.ts';
import type { ZoufangDB } from './database.ts';

/**
 * What the device holds that is the worker's own typing and exists nowhere else (SPEC.md D1): pushes not yet
 * acknowledged, changes the server refused (C6) and drafts.
 */
export interface Holdings {
  readonly pending: number;
  readonly rejected: number;
  readonly drafts: number;
}

export async function readHoldings(db: ZoufangDB): Promise<Holdings> {
  return db.transaction('r', [db.outbox, db.rejected, db.drafts], async () => ({
    pending: await db.outbox.count(),
    rejected: await db.rejected.count(),
    drafts: await db.drafts.count(),
  }));
}

/** True when this profile has a database of that name; checked without creating it. */
export function databaseExists(name: string): Promise<boolean> {
  return Dexie.exists(name);
}

/**
 * Deletes the whole database (D1, D3). The instance stays closed for good (no auto-reopen): a late reader fails
 * instead of making the database anew.
 */
export async function deleteDatabase(db: ZoufangDB): Promise<void> {
  await db.delete({ disableAutoOpen: true });
}

/**
 * The user id that made the device's unsynced or refused changes, from the entries themselves: a database
 * left by a logout from before D1 has records and a queue but no session naming its worker (D2).
 */
export async function readAuthor(db: ZoufangDB): Promise<string | null> {
  const entry = (await db.outbox.orderBy('seq').first()) ?? (await db.rejected.toCollection().first());
  return entry?.by ?? null;
}

/** True when the database holds any record (of any worker): a copy of the server's data that must not outlive it. */
export async function holdsRecords(db: ZoufangDB): Promise<boolean> {
  for (const kind of KINDS) if ((await db.table_(kind).count()) > 0) return true;
  return false;
}
