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
  /** Record ids whose server copy the next pull asks for (C10). */
  refetch: 'refetch',
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
  // The id never changes once stored, so each open database keeps it in memory: every local write needs it,
  // and reading it inside the write transaction was a third of a save's cost. (A database deleted and made
  // anew is a new ZoufangDB instance, so it gets a new id.)
  const cached = clientIds.get(db);
  if (cached) return cached;
  const id = await db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, META.clientId);
    if (existing) return existing;
    const made = newId();
    await setMeta(db, META.clientId, made);
    return made;
  });
  clientIds.set(db, id);
  return id;
}

const clientIds = new WeakMap<ZoufangDB, string>();
