import { conflictRetentionOf } from '../../model/org.ts';
import type { Store, StoredRecord } from '../storage/store.ts';

/** Conflicts archived per write transaction: the counter's lock is held for one batch, then pushes go on. */
export const ARCHIVE_BATCH = 500;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ArchiveResult {
  /** How many resolved conflict records moved to the archive. */
  readonly archived: number;
  /** The retention applied (the district's setting, else the default). */
  readonly retentionDays: number;
}

/**
 * Archives resolved conflict records older than the district's retention (SPEC.md P15): each is copied to the
 * archive and replaced in the live records by a tombstone at a new version, in one write transaction per batch,
 * so pulls deliver the tombstone and devices drop the record, while the copy stays server-side for audit. Age
 * is the server's clock: the time the record's current version was written (P9), never a device's `resolvedAt`.
 * Safe to run at any time and from several processes at once: the write lock serialises the batches, and a
 * record archived by one is a tombstone, which the next never selects.
 */
export async function archiveResolvedConflicts(
  store: Store,
  now: Date = new Date(),
  /** Checked between batches: a server shutting down does not wait for a long backlog (batches commit as they go). */
  signal?: AbortSignal,
): Promise<ArchiveResult> {
  let archived = 0;
  let retentionDays = 0;
  for (;;) {
    const batch = await store.write(async (tx) => {
      // Read with the batch: a retention changed meanwhile applies from the next batch on.
      retentionDays = conflictRetentionOf(await tx.org());
      const rows = await tx.resolvedConflictsBefore(
        new Date(now.getTime() - retentionDays * DAY_MS),
        ARCHIVE_BATCH,
      );
      if (rows.length === 0) return 0;
      await tx.archive(rows);
      let version = tx.version;
      const tombstones = rows.map((r): StoredRecord => ({
        ...r,
        version: ++version,
        deleted: true,
        data: null,
        stamps: {},
      }));
      await tx.save({
        records: tombstones,
        mutations: [],
        audit: [
          {
            userId: null,
            action: 'archive',
            kind: 'conflict',
            recordId: null,
            detail: { ids: rows.map((r) => r.id), retentionDays },
          },
        ],
        client: null,
        version,
      });
      return rows.length;
    });
    archived += batch;
    if (batch < ARCHIVE_BATCH || signal?.aborted === true) return { archived, retentionDays };
  }
}
