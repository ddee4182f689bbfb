import { newId } from '../model/ids.ts';
import type { ZoufangDB } from './database.ts';

/** Keys of the meta table. */
export const META = {
  clientId: 'clientId',
  nextSeq: 'nextSeq',
  cursor: 'cursor',
  lastSyncedAt: 'lastSyncedAt',
  session: 'session',
  org: 'org',
} as const;

export async function getMeta<T>(db: ZoufangDB, key: string): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function setMeta(db: ZoufangDB, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

/**
 * This device's client id: made once, kept for the life of the database. Every outbox entry carries it and
 * the server deduplicates per client id (SPEC.md P3).
 */
export async function getClientId(db: ZoufangDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, META.clientId);
    if (existing) return existing;
    const id = newId();
    await setMeta(db, META.clientId, id);
    return id;
  });
}
