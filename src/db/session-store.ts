import type { ZoufangDB } from './database.ts';
import { META, getMeta, setMeta } from './meta.ts';
import { openValue, sealValue } from './crypto/codec.ts';
import type { StoredSession } from './replica.ts';

/**
 * The signed-in session, cached on the device so the app works offline on it (issue 3 §2). The token is as
 * sensitive as a password for its lifetime: it never leaves this table except in the Authorization header.
 */
export type { StoredSession } from './replica.ts';

/** Sealed like the records once the device is unlocked (D5): the token is as good as the password. */
export async function loadSession(db: ZoufangDB): Promise<StoredSession | undefined> {
  const value = await getMeta<unknown>(db, META.session);
  return value === undefined ? undefined : openValue<StoredSession>(db, value);
}

export async function saveSession(db: ZoufangDB, session: StoredSession): Promise<void> {
  await setMeta(db, META.session, await sealValue(db, session));
}

/** Forgets the session only: the outbox and the records stay (an expired session loses nothing, C9). */
export async function clearSession(db: ZoufangDB): Promise<void> {
  await db.meta.delete(META.session);
}
