import type { Kind, RecordOf } from '../model/kinds.ts';
import type { LocatedKind } from '../model/records/reveal.ts';
import {
  createRecord,
  recordLocationReveal,
  recordReveal,
  updateRecord,
  writeTogether,
  type NewRecord,
} from '../db/repository.ts';
import { getDb } from './db.ts';
import { currentUser } from './session.ts';

/**
 * Record writes of the screens. Important: this module imports the repositories and with them every zod
 * schema — only lazily loaded screens may import it, never the home screen.
 *
 * Errors pass through as thrown: `ValidationError` (fields → Chinese messages) and `StorageError`
 * (quota / blocked / unavailable); the form shows them and keeps what was typed.
 */
function actor(): { userId: string } {
  const user = currentUser();
  return { userId: user?.id ?? 'unknown' };
}

/**
 * The screen shows a person's whole ID number (and mobile, when it has one): queued for the audit log (SPEC.md
 * S7), offline too. Never blocks the screen: a failed write only loses the audit entry's queueing here.
 */
export async function noteReveal(person: {
  readonly id: string;
  readonly communityId: string;
  readonly mobile?: string | null;
}): Promise<void> {
  await recordReveal(getDb(), person, 'idNumber', actor());
  if (person.mobile) await recordReveal(getDb(), person, 'mobile', actor());
}

/** The screen shows where a record was saved (SPEC.md S11): queued for the audit log like an ID number. */
export async function noteLocationReveal(record: {
  readonly kind: LocatedKind;
  readonly id: string;
  readonly unitId: string;
}): Promise<void> {
  await recordLocationReveal(getDb(), record, actor());
}

export function saveNew<K extends Kind>(kind: K, input: NewRecord<K>): Promise<RecordOf<K>> {
  return createRecord(getDb(), kind, input, actor());
}

export function saveChanges<K extends Kind>(
  kind: K,
  id: string,
  patch: Partial<RecordOf<K>>,
): Promise<RecordOf<K>> {
  return updateRecord(getDb(), kind, id, patch, actor());
}

/** Several writes in one transaction: all saved (with their outbox entries) or none. */
export function saveTogether<T>(kinds: readonly Kind[], fn: () => Promise<T>): Promise<T> {
  return writeTogether(getDb(), kinds, fn);
}
