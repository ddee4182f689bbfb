import { KINDS, SCHEMAS, type Kind } from '../model/kinds.ts';
import type { PullResponse } from '../protocol/pull.ts';
import type { OutboxEntry, ZoufangDB } from './database.ts';
import { META, getMeta, setMeta } from './meta.ts';
import { acknowledge, rejectEntry } from './outbox.ts';
import { rebase } from './rebase.ts';
import { StorageError, toStorageError } from './errors.ts';

/**
 * The sync engine's storage side: every step that records something the server said happens here, in one
 * short Dexie transaction each. Important: callers never hold one of these transactions across an HTTP
 * request — read, release, send, then write the answer in a new transaction.
 */

function kindTables(db: ZoufangDB) {
  return KINDS.map((k) => db.table_(k));
}

/** The opaque pull cursor (SPEC.md P6); null before the first page. */
export async function getCursor(db: ZoufangDB): Promise<string | null> {
  return (await getMeta<string | null>(db, META.cursor)) ?? null;
}

export async function getLastSyncedAt(db: ZoufangDB): Promise<string | null> {
  return (await getMeta<string>(db, META.lastSyncedAt)) ?? null;
}

export function setLastSyncedAt(db: ZoufangDB, iso: string): Promise<void> {
  return setMeta(db, META.lastSyncedAt, iso);
}

export function rejectedCount(db: ZoufangDB): Promise<number> {
  return db.rejected.count();
}

/** Records the server's acknowledgement of a push: entries with seq ≤ lastSeq leave the outbox (C4). */
export async function acknowledgePush(db: ZoufangDB, lastSeq: number): Promise<void> {
  try {
    await db.transaction('rw', db.outbox, () => acknowledge(db, lastSeq));
  } catch (e) {
    throw toStorageError(e);
  }
}

export interface PageResult {
  /** Records written (created or replaced) on the device. */
  readonly stored: number;
  /** Rows removed because the server sent a tombstone, or dropped by a `reset` page (C13). */
  readonly removed: number;
}

/**
 * Stores one pull page (SPEC.md C2, C4, C5) in ONE transaction: the acknowledgement of `lastSeq`, each
 * record rebased with the device's still-pending changes, tombstones as deletions, and the new cursor last.
 * A page with `reset` (the pull restarted from the beginning of the area, P6) first drops every record that
 * has no pending outbox entry (C13): what is still in the area comes back with this page and the next ones;
 * what is not (the worker moved to another unit) must not stay on the phone, and no tombstone would ever
 * remove it. Pending records stay until pushed (an out-of-area push is refused: C6/C10 drop the row then).
 * Drafts and refused changes stay: they are the worker's own typing (C13).
 * Every record is checked against its schema first: if one cannot be stored (a kind or value this version does
 * not understand), the whole page is refused with a StorageError and the cursor stays where it was — never
 * skip a row and save the cursor past it (Dexie #2331, RxDB #5571).
 */
export async function applyPullPage(db: ZoufangDB, page: PullResponse): Promise<PageResult> {
  const rows = page.changes.map((change) => {
    if (change.deleted || change.data === null) return { change, data: null };
    const parsed = SCHEMAS[change.kind].safeParse(change.data);
    if (!parsed.success || (parsed.data as { id: string }).id !== change.id) {
      throw new StorageError('invalid', `服务器记录无法保存（${change.kind} ${change.id}）`, {
        kind: change.kind,
        id: change.id,
        issues: parsed.success ? [{ message: 'id mismatch' }] : parsed.error.issues.slice(0, 5),
      });
    }
    return { change, data: parsed.data };
  });
  let stored = 0;
  let removed = 0;
  try {
    await db.transaction('rw', [...kindTables(db), db.outbox, db.meta], async () => {
      await acknowledge(db, page.lastSeq);
      // After the acknowledgement: an entry this page acknowledges no longer keeps its record (C4, C13).
      if (page.reset === true) removed += await dropSynced(db);
      const ids = rows.map((r) => r.change.id);
      const pending = new Map<string, OutboxEntry[]>();
      if (ids.length > 0 && (await db.outbox.count()) > 0) {
        for (const e of await db.outbox.where('recordId').anyOf(ids).toArray()) {
          const list = pending.get(e.recordId) ?? [];
          list.push(e);
          pending.set(e.recordId, list);
        }
      }
      const puts = new Map<Kind, Record<string, unknown>[]>();
      const deletes = new Map<Kind, string[]>();
      for (const { change, data } of rows) {
        const row = data === null ? null : rebase(data, pending.get(change.id) ?? []);
        if (row === null) {
          deletes.set(change.kind, [...(deletes.get(change.kind) ?? []), change.id]);
          removed++;
        } else {
          puts.set(change.kind, [...(puts.get(change.kind) ?? []), { ...row, _v: change.version }]);
          stored++;
        }
      }
      // A record appears at most once per page (the server sends its latest version), but order puts and
      // deletes as the page has them anyway: deletes first is safe because a page never holds both.
      for (const [kind, list] of deletes) await db.table_(kind).bulkDelete(list);
      for (const [kind, list] of puts) {
        await db.table_(kind).bulkPut(list as never[]);
      }
      await db.meta.put({ key: META.cursor, value: page.cursor });
    });
  } catch (e) {
    throw toStorageError(e);
  }
  return { stored, removed };
}

/**
 * Deletes every record without a pending outbox entry (C13); returns how many. Runs inside applyPullPage's
 * transaction. Deleting by primary keys lets Dexie report which rows went, so the derived caches (person
 * index, must-visit list) drop them too.
 */
async function dropSynced(db: ZoufangDB): Promise<number> {
  const pending = new Set(await db.outbox.orderBy('recordId').uniqueKeys());
  let dropped = 0;
  for (const kind of KINDS) {
    const table = db.table_(kind);
    const keys = (await table.toCollection().primaryKeys()).filter((k) => !pending.has(k));
    await table.bulkDelete(keys);
    dropped += keys.length;
  }
  return dropped;
}

/**
 * The server refused the mutation with this seq (SPEC.md C6): it moves to `rejected` with the reason and the
 * later entries close the gap (P5). The local row carried the refused change optimistically, so it is dropped
 * and the cursor is reset: the next pull brings the server's copy back (rebased with whatever is still pending)
 * and the device again equals the server. Returns false when no entry has that seq.
 */
export async function rejectMutation(
  db: ZoufangDB,
  seq: number,
  reason: string,
  message: string,
): Promise<boolean> {
  try {
    return await db.transaction('rw', [...kindTables(db), db.outbox, db.rejected, db.meta], async () => {
      const entry = await db.outbox.where('seq').equals(seq).first();
      if (!entry) return false;
      await rejectEntry(db, seq, reason, message);
      await db.table_(entry.kind).delete(entry.recordId);
      await db.meta.put({ key: META.cursor, value: null });
      return true;
    });
  } catch (e) {
    throw toStorageError(e);
  }
}
