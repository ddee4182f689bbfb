import type { ZoufangDB } from './database.ts';
import { META, getMeta, setMeta } from './meta.ts';
import type { StoredSession } from './replica.ts';

/**
 * The signed-in session, cached on the device so the app works offline on it (issue 3 §2). The token is as
 * sensitive as a password for its lifetime: it never leaves this table except in the Authorization header.
 */
export type { StoredSession } from './replica.ts';

export function loadSession(db: ZoufangDB): Promise<StoredSession | undefined> {
  return getMeta<StoredSession>(db, META.session);
}

export function saveSession(db: ZoufangDB, session: StoredSession): Promise<void> {
  return setMeta(db, META.session, session);
}

/** Forgets the session only: the outbox and the records stay (an expired session loses nothing, C9). */
export async function clearSession(db: ZoufangDB): Promise<void> {
  await db.meta.delete(META.session);
}
