import {
  databaseExists as exists,
  deleteDatabase,
  holdsRecords as records,
  readAuthor as author,
  readHoldings as read,
  type Holdings,
} from '../db/device-data.ts';
import type { SessionUser } from '../protocol/auth.ts';
import { getMeta, META } from '../db/meta.ts';
import { getDb, resetDb } from './db.ts';

export type { Holdings } from '../db/device-data.ts';

/** Any of the worker's own typing blocks a logout that deletes the database, and other logins (D1, D2). */
export function holdsAnything(h: Holdings): boolean {
  return h.pending + h.rejected + h.drafts > 0;
}

export function readHoldings(): Promise<Holdings> {
  return read(getDb());
}

/** "3 条未同步的更改、1 条被拒绝的更改" — for the logout and login screens. */
export function describeHoldings(h: Holdings): string {
  const parts: string[] = [];
  if (h.pending > 0) parts.push(`${h.pending} 条未同步的更改`);
  if (h.rejected > 0) parts.push(`${h.rejected} 条被拒绝的更改`);
  if (h.drafts > 0) parts.push(`${h.drafts} 份未保存的草稿`);
  return parts.join('、');
}

/**
 * The user whose data this profile's database holds: the cached session names it, and it stays cached until
 * the database is deleted (a 401 keeps it, C9), so the login screen can say whose data is here (D2).
 */
export async function readHolder(): Promise<SessionUser | null> {
  if (!(await databaseExists())) return null;
  const s = await getMeta<{ user?: SessionUser }>(getDb(), META.session);
  return s?.user && typeof s.user.username === 'string' ? s.user : null;
}

/** Who made the queued or refused changes, for a database without a session (D2). */
export function readAuthor(): Promise<string | null> {
  return author(getDb());
}

export function holdsRecords(): Promise<boolean> {
  return records(getDb());
}

/** True when this profile has the app's database; checked without creating it (Dexie opens dynamically). */
export function databaseExists(): Promise<boolean> {
  return exists(getDb().name);
}

/**
 * Deletes the device's whole database (records, outbox, refused changes, drafts, session, client id): nothing
 * of the worker stays in IndexedDB (D1, D3). The instance is closed for good (no auto-reopen, so a late reader
 * fails instead of making the database anew); the next `getDb()` is a fresh, unopened one.
 */
export async function deleteDeviceDatabase(): Promise<void> {
  await deleteDatabase(getDb());
  resetDb();
}
