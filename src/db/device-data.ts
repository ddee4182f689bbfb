import { Dexie } from 'dexie';
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
