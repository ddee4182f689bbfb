import { OrgIndex } from '../../model/org.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { pullRequestSchema, type Change, type PullResponse } from '../../protocol/pull.ts';
import type { AreaFilter, Store, StoredRecord } from '../storage/store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { decodeSyncBody } from './decode.ts';
import { forCaller } from './location-mask.ts';
import { areaFilter, inArea } from './scope.ts';

export const DEFAULT_PULL_LIMIT = 500;

/**
 * POST /api/sync/pull: one page of the caller's area after the cursor, read in one snapshot (SPEC.md P6, P8,
 * S2), with the client's lastSeq from the same snapshot (C4). The ids of the records delivered are written to
 * the audit log, with the device and address (S7).
 * A pull that starts from the beginning (no cursor, or a cursor of another area) says `reset` on its first
 * page, so the device drops the records of an area it no longer serves (C13); the cursor it returns names
 * the current area, so the next page is not a restart.
 */
export async function handlePull(
  store: Store,
  user: SessionUser,
  body: unknown,
  /** The caller's address, for the audit row. */
  address: string | null = null,
): Promise<PullResponse> {
  const req = decodeSyncBody(pullRequestSchema, body);
  const org = new OrgIndex(await store.getOrg());
  const area = areaFilter(org, user);
  const { after, reset } = decodeCursor(req.cursor, area);
  const page = await store.pull({
    clientId: req.clientId,
    area,
    after,
    limit: req.limit ?? DEFAULT_PULL_LIMIT,
  });
  if (page.client && page.client.userId !== user.id) {
    throw new ProtocolError('forbidden', '该设备编号属于另一用户', { clientId: req.clientId });
  }
  const refetched = req.refetch ? await refetch(store, area, req.refetch) : undefined;
  const last = page.rows.at(-1);
  // Every record delivered with its content (tombstones carry none), refetched ones included, is personal data
  // (SPEC.md S7).
  const delivered = [...page.rows, ...(refetched ?? [])]
    .filter((r) => !r.deleted && inArea(area, r))
    .map((r) => r.id);
  if (delivered.length > 0) {
    await store.appendAudit([
      {
        userId: user.id,
        action: 'read',
        kind: null,
        recordId: null,
        detail: { ids: delivered },
        clientId: req.clientId,
        address,
      },
    ]);
  }
  const res: PullResponse = {
    // A record that moved out of the area reaches the area's devices as a tombstone: they drop it (S2).
    changes: page.rows.map((r) =>
      inArea(area, r)
        ? toChange(user, r)
        : { kind: r.kind, id: r.id, version: r.version, deleted: true, data: null },
    ),
    cursor: encodeCursor(last ? { version: last.version, id: last.id } : after, area),
    more: page.more,
    lastSeq: page.client?.lastSeq ?? 0,
  };
  if (page.remaining !== undefined) res.remaining = page.remaining;
  if (reset) res.reset = true;
  if (refetched) res.refetched = refetched.map((r) => toChange(user, r));
  return res;
}

/** A stored record as this caller receives it: without a location the role may not see (S11). */
function toChange(user: SessionUser, r: StoredRecord): Change {
  return { kind: r.kind, id: r.id, version: r.version, deleted: r.deleted, data: forCaller(user, r.data) };
}

/**
 * The records a device asked for again after a refused change dropped its row (C10): each one's current copy
 * or tombstone, if it lies in the caller's area now. Ids the server does not have, or outside the area, are
 * left out: the device already dropped the row, and an id must not tell whether a record exists elsewhere.
 * Read outside the page's snapshot, which is harmless: the device keeps the higher version of a record that
 * comes both ways, and any later change has a version past the cursor.
 */
async function refetch(store: Store, area: AreaFilter, ids: readonly string[]): Promise<StoredRecord[]> {
  const rows = await Promise.all([...new Set(ids)].map((id) => store.getRecord(id)));
  return rows.filter((r): r is StoredRecord => r !== null && inArea(area, r));
}
