import type { Draft, ZoufangDB } from './database.ts';
import { toStorageError } from './errors.ts';

/**
 * Drafts: what a worker has typed into a form, saved as they type. A killed tab or a restarted phone loses
 * nothing; the draft is offered on return and removed only when its record is saved (or the worker discards it).
 * `key` names the form instance, e.g. `visit:new:<personId>` or `need:edit:<needId>`.
 */
export async function saveDraft(
  db: ZoufangDB,
  key: string,
  form: string,
  values: Record<string, unknown>,
): Promise<void> {
  try {
    await db.drafts.put({ key, form, values, savedAt: new Date().toISOString() });
  } catch (e) {
    throw toStorageError(e);
  }
}

export function loadDraft(db: ZoufangDB, key: string): Promise<Draft | undefined> {
  return db.drafts.get(key);
}

export async function discardDraft(db: ZoufangDB, key: string): Promise<void> {
  await db.drafts.delete(key);
}

export function listDrafts(db: ZoufangDB): Promise<Draft[]> {
  return db.drafts.orderBy('key').toArray();
}
