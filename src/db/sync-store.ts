import { KINDS, type Kind } from '../model/kinds.ts';
import type { PullResponse } from '../protocol/pull.ts';
import type { OutboxEntry, ZoufangDB } from './database.ts';
import { META, getMeta, setMeta } from './meta.ts';
import { acknowledge, rejectEntry, shiftSeqs } from './outbox.ts';
import { decodePage, refetchOutcome } from './pull-page.ts';
import { rebase } from './rebase.ts';
import type { PageResult } from './replica.ts';
import { toStorageError } from './errors.ts';

export type { PageResult } from './replica.ts';

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

/**
 * Stores one pull page (SPEC.md C2, C4, C5) in ONE transaction: the acknowledgement of `lastSeq`, each
 * record rebased with the device's still-pending changes, tombstones as deletions, and the new cursor last.
 * `refetched` are the ids the request asked for (C10): the page's `refetched` records are stored with its
 * changes and those ids leave the refetch list; a page without `refetched` (an older server) clears the
 * cursor instead, so the pull starts over and brings them back.
 *
 * A pull restarted from the beginning of the area (P6 `reset` on its first page) replaces what the device
 * holds, by mark and sweep (C13): the reset page marks every record without a pending outbox entry and not
 * in the page as stale (replacing any earlier marks); each later page unmarks what it delivers; the last page
 * (`more: false`) deletes what is still marked, unless it has a pending entry by then. Until then the old
 * rows stay on screen: a pull cut off by a lost signal leaves the worker offline with the whole old area,
 * not part of the new one, and the next pull goes on from the stored cursor and sweeps at its end. What the
 * sweep deletes is what the restarted pull did not deliver — the records of an area the worker no longer
 * serves, which no tombstone would ever remove (PIPL).
 *
 * Every record is checked against its schema first: if one cannot be stored (a kind or value this version does
 * not understand), the whole page is refused with a StorageError and the cursor stays where it was — never
 * skip a row and save the cursor past it (Dexie #2331, RxDB #5571).
 */
export async function applyPullPage(
  db: ZoufangDB,
  page: PullResponse,
  refetched: readonly string[] = [],
): Promise<PageResult> {
  const rows = decodePage(page);
  const { answered, cursor } = refetchOutcome(page, refetched);
  let stored = 0;
  let removed = 0;
  try {
    await db.transaction('rw', [...kindTables(db), db.outbox, db.meta, db.staleAfterReset], async () => {
      await acknowledge(db, page.lastSeq);
      const ids = rows.map((r) => r.change.id);
      // After the acknowledgement: an entry this page acknowledges no longer keeps its record (C4, C13).
      if (page.reset === true) await markStale(db, new Set(ids));
      else await unmarkDelivered(db, ids);
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
        // Appended in place: a copy per row made a page of n rows cost n² (issue 9).
        if (row === null) {
          const list = deletes.get(change.kind);
          if (list) list.push(change.id);
          else deletes.set(change.kind, [change.id]);
          removed++;
        } else {
          const stamped = { ...row, _v: change.version };
          const list = puts.get(change.kind);
          if (list) list.push(stamped);
          else puts.set(change.kind, [stamped]);
          stored++;
        }
      }
      // A record appears at most once per page (the server sends its latest version), but order puts and
      // deletes as the page has them anyway: deletes first is safe because a page never holds both.
      for (const [kind, list] of deletes) await db.table_(kind).bulkDelete(list);
      for (const [kind, list] of puts) {
        await db.table_(kind).bulkPut(list as never[]);
      }
      // Important: only the page that ends a pull sweeps. A pull cut off (network, a tab closed, the engine
      // giving up on empty pages) keeps the marks; the next pull goes on from this cursor and sweeps at its end.
      if (!page.more) removed += await sweepStale(db);
      if (answered.length > 0) await dropRefetch(db, answered);
      await db.meta.put({ key: META.cursor, value: cursor });
    });
  } catch (e) {
    throw toStorageError(e);
  }
  return { stored, removed };
}

/** Record ids with a pending outbox entry: never marked stale, never swept (C13). */
async function pendingIds(db: ZoufangDB): Promise<ReadonlySet<unknown>> {
  return new Set(await db.outbox.orderBy('recordId').uniqueKeys());
}

/**
 * Marks as stale every record without a pending outbox entry that the reset page does not deliver (C13),
 * replacing the marks of an earlier restart that never finished: its candidates are still on the device, so
 * the new set covers them. Runs inside applyPullPage's transaction.
 */
async function markStale(db: ZoufangDB, delivered: ReadonlySet<string>): Promise<void> {
  await db.staleAfterReset.clear();
  const pending = await pendingIds(db);
  for (const kind of KINDS) {
    const keys = await db.table_(kind).toCollection().primaryKeys();
    const stale = keys.filter((id) => !pending.has(id) && !delivered.has(id));
    if (stale.length > 0) await db.staleAfterReset.bulkPut(stale.map((id) => ({ id, kind })));
  }
}

/** A page of the restarted pull delivered these records (put or tombstone): they are no longer stale (C13). */
async function unmarkDelivered(db: ZoufangDB, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || (await db.staleAfterReset.count()) === 0) return;
  await db.staleAfterReset.bulkDelete([...ids]);
}

/**
 * The last page of a pull: deletes the records still marked stale, except those with a pending outbox entry
 * by now (the worker's edits made during the download: C6/C10 settle them on push), and clears the marks
 * (C13); returns how many rows went. Runs inside applyPullPage's transaction. Deleting by primary keys lets
 * Dexie report which rows went, so the derived caches (person index, must-visit list) drop them too.
 */
async function sweepStale(db: ZoufangDB): Promise<number> {
  if ((await db.staleAfterReset.count()) === 0) return 0;
  const pending = await pendingIds(db);
  let swept = 0;
  for (const kind of KINDS) {
    const marked = await db.staleAfterReset.where('kind').equals(kind).primaryKeys();
    const ids = marked.filter((id) => !pending.has(id));
    if (ids.length === 0) continue;
    const table = db.table_(kind);
    // Only rows still here: one deleted meanwhile (a rejected change, C10) is not counted twice.
    const present = await table.where(':id').anyOf(ids).primaryKeys();
    await table.bulkDelete(present);
    swept += present.length;
  }
  await db.staleAfterReset.clear();
  return swept;
}

/**
 * The server refused the mutation with this seq (SPEC.md C6): it moves to `rejected` with the reason and the
 * later entries close the gap (P5). The local row carried the refused change optimistically, so it is dropped
 * and its id joins the refetch list: the next pull asks the server for just that record and stores its copy
 * rebased with whatever is still pending, and the device again equals the server (C10). Returns false when
 * no entry has that seq.
 */
export async function rejectMutation(
  db: ZoufangDB,
  seq: number,
  reason: string,
  message: string,
): Promise<boolean> {
  try {
    return await db.transaction('rw', [...kindTables(db), db.outbox, db.rejected, db.meta], async () => {
      const entry = await db.outbox.get(seq);
      if (!entry) return false;
      await rejectEntry(db, seq, reason, message);
      // A refused event (a reveal) has no local record to drop or fetch again.
      if (entry.kind === 'reveal') return true;
      await db.table_(entry.kind).delete(entry.recordId);
      const list = await refetchList(db);
      if (!list.includes(entry.recordId)) await setMeta(db, META.refetch, [...list, entry.recordId]);
      return true;
    });
  } catch (e) {
    throw toStorageError(e);
  }
}

/** Ids the next pull asks the server to send again (C10), oldest first. */
export async function getRefetchIds(db: ZoufangDB, limit: number): Promise<string[]> {
  return (await refetchList(db)).slice(0, limit);
}

async function refetchList(db: ZoufangDB): Promise<string[]> {
  const value = await getMeta<unknown>(db, META.refetch);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function dropRefetch(db: ZoufangDB, answered: readonly string[]): Promise<void> {
  const done = new Set(answered);
  await setMeta(
    db,
    META.refetch,
    (await refetchList(db)).filter((id) => !done.has(id)),
  );
}

/**
 * The server's lastSeq is behind the first outbox entry (C14: restored from a backup): renumber the outbox to
 * follow it and clear the cursor, in one transaction. False when there is nothing to renumber.
 */
export async function followServerSeq(db: ZoufangDB, serverLastSeq: number): Promise<boolean> {
  try {
    return await db.transaction('rw', [db.outbox, db.meta], async () => {
      const first = await db.outbox.orderBy(':id').first();
      if (!first || first.seq <= serverLastSeq + 1) return false;
      await shiftSeqs(db, first.seq, serverLastSeq + 1 - first.seq);
      await db.meta.put({ key: META.cursor, value: null });
      return true;
    });
  } catch (e) {
    throw toStorageError(e);
  }
}
