import type { Draft } from '../db/database.ts';
import { discardDraft, loadDraft, saveDraft } from '../db/drafts.ts';
import { getDb } from './db.ts';

/** Draft access for the forms (src/db/drafts.ts on the app's database). */
export function readDraft(key: string): Promise<Draft | undefined> {
  return loadDraft(getDb(), key);
}

export function writeDraft(key: string, form: string, values: Record<string, unknown>): Promise<void> {
  return saveDraft(getDb(), key, form, values);
}

export function dropDraft(key: string): Promise<void> {
  return discardDraft(getDb(), key);
}
