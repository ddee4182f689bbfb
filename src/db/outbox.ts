import type { ZoufangDB, RejectedEntry } from './database.ts';
import { META } from './meta.ts';

/** Changes made on this device that the server has not yet acknowledged. */
export function pendingCount(db: ZoufangDB): Promise<number> {
  return db.outbox.count();
}

/**
 * Drops every entry the server has applied (seq ≤ lastSeq): one key-range delete, since the outbox is keyed
 * by seq (version 3). Called inside the transaction that records the server's acknowledgement (SPEC.md C4).
 */
export async function acknowledge(db: ZoufangDB, lastSeq: number): Promise<void> {
  if (lastSeq < 1) return;
  await db.outbox.where(':id').belowOrEqual(lastSeq).delete();
}

/**
 * Moves every entry with seq ≥ `from` by `delta` (negative: down), and the next local seq with them. The
 * key is the seq, so each entry is deleted and added again under its new key, lowest first when moving down.
 * Runs inside the caller's transaction (outbox and meta).
 */
export async function shiftSeqs(db: ZoufangDB, from: number, delta: number): Promise<void> {
  const moved = await db.outbox.where(':id').aboveOrEqual(from).toArray();
  if (moved.length > 0) {
    await db.outbox.bulkDelete(moved.map((e) => e.seq));
    await db.outbox.bulkAdd(moved.map((e) => ({ ...e, seq: e.seq + delta })));
  }
  const next = await db.meta.get(META.nextSeq);
  if (typeof next?.value === 'number') await db.meta.put({ key: META.nextSeq, value: next.value + delta });
}

/**
 * Moves a refused entry out of the queue into `rejected`, kept with the reason (SPEC.md C6), and closes the
 * gap in sequence numbers: the server never applied this seq or any after it, so the later entries move down
 * by one and the queue can go on (SPEC.md P5).
 */
export async function rejectEntry(
  db: ZoufangDB,
  seq: number,
  reason: string,
  message: string,
): Promise<void> {
  await db.transaction('rw', [db.outbox, db.rejected, db.meta], async () => {
    const entry = await db.outbox.get(seq);
    if (!entry) return;
    const rejected: RejectedEntry = { ...entry, reason, message, rejectedAt: new Date().toISOString() };
    await db.rejected.add(rejected);
    await db.outbox.delete(seq);
    await shiftSeqs(db, seq + 1, -1);
  });
}
