import type { ZoufangDB, OutboxEntry, RejectedEntry } from './database.ts';
import { META } from './meta.ts';

/** Changes made on this device that the server has not yet acknowledged. */
export function pendingCount(db: ZoufangDB): Promise<number> {
  return db.outbox.count();
}

/** The oldest `limit` entries, in sequence order: the next push batch. */
export function nextBatch(db: ZoufangDB, limit: number): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').limit(limit).toArray();
}

/**
 * Drops every entry the server has applied (seq ≤ lastSeq). Called inside the transaction that records the
 * server's acknowledgement (SPEC.md C4).
 */
export async function acknowledge(db: ZoufangDB, lastSeq: number): Promise<void> {
  await db.outbox.where('seq').belowOrEqual(lastSeq).delete();
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
    const entry = await db.outbox.where('seq').equals(seq).first();
    if (!entry) return;
    const { id: _id, ...rest } = entry;
    const rejected: RejectedEntry = { ...rest, reason, message, rejectedAt: new Date().toISOString() };
    await db.rejected.add(rejected);
    await db.outbox.delete(entry.id);
    const later = await db.outbox.where('seq').above(seq).sortBy('seq');
    for (const e of later) await db.outbox.update(e.id, { seq: e.seq - 1 });
    const next = await db.meta.get(META.nextSeq);
    if (typeof next?.value === 'number') await db.meta.put({ key: META.nextSeq, value: next.value - 1 });
  });
}
