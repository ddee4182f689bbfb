import { Dexie } from 'dexie';
import type { SessionUser } from '../protocol/auth.ts';
import { getMeta, META } from '../db/meta.ts';
import { getDb, resetDb } from './db.ts';

/**
 * What the device holds that is the worker's own typing and exists nowhere else (SPEC.md D1): pushes not yet
 * acknowledged, changes the server refused (C6) and drafts. Any of them blocks a logout that would delete the
 * database, and blocks another account's login on this browser profile (D2).
 */
export interface Holdings {
  readonly pending: number;
  readonly rejected: number;
  readonly drafts: number;
}

export function holdsAnything(h: Holdings): boolean {
  return h.pending + h.rejected + h.drafts > 0;
}

export async function readHoldings(): Promise<Holdings> {
  const db = getDb();
  const [pending, rejected, drafts] = await Promise.all([
    db.outbox.count(),
    db.rejected.count(),
    db.drafts.count(),
  ]);
  return { pending, rejected, drafts };
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

/** True when this profile has the app's database; checked without creating it (Dexie opens dynamically). */
export function databaseExists(): Promise<boolean> {
  return Dexie.exists(getDb().name);
}

/**
 * Deletes the device's whole database (records, outbox, refused changes, drafts, session, client id): nothing
 * of the worker stays in IndexedDB (D1, D3). The instance is closed for good (no auto-reopen, so a late reader
 * fails instead of making the database anew); the next `getDb()` is a fresh, unopened one.
 */
export async function deleteDeviceDatabase(): Promise<void> {
  const db = getDb();
  await db.delete({ disableAutoOpen: true });
  resetDb();
}
