import type { ZoufangDB } from './database.ts';
import { getClientId } from './meta.ts';
import { pendingCount } from './outbox.ts';
import type { Replica } from './replica.ts';
import { clearSession, loadSession, saveSession } from './session-store.ts';
import {
  acknowledgePush,
  applyPullPage,
  followServerSeq,
  getCursor,
  getLastSyncedAt,
  getRefetchIds,
  rejectMutation,
  rejectedCount,
  setLastSyncedAt,
} from './sync-store.ts';
import { toStorageError } from './errors.ts';

/**
 * The app's replica: the device database in IndexedDB (Dexie). Each method is one Dexie transaction
 * (sync-store.ts, outbox.ts), and failures surface as StorageError. Local writes are the repositories'
 * (repository.ts); `onLocalWrite` hears only those made on this database.
 */
export function createDexieReplica(db: ZoufangDB): Replica {
  return {
    clientId: () => read(() => getClientId(db)),
    outboxAfter: (afterSeq, limit) =>
      read(() => db.outbox.where(':id').above(afterSeq).limit(limit).toArray()),
    pendingCount: () => read(() => pendingCount(db)),
    acknowledge: (lastSeq) => acknowledgePush(db, lastSeq),
    reject: (seq, reason, message) => rejectMutation(db, seq, reason, message),
    followServerSeq: (serverLastSeq) => followServerSeq(db, serverLastSeq),
    cursor: () => read(() => getCursor(db)),
    refetchIds: (limit) => read(() => getRefetchIds(db, limit)),
    applyPullPage: (page, refetched) => applyPullPage(db, page, refetched),
    rejectedCount: () => read(() => rejectedCount(db)),
    lastSyncedAt: () => read(() => getLastSyncedAt(db)),
    setLastSyncedAt: (iso) => read(() => setLastSyncedAt(db, iso)),
    onLocalWrite: (fn) => db.onLocalWrite(fn),
    session: {
      load: () => read(() => loadSession(db)),
      save: (s) => read(() => saveSession(db, s)),
      clear: () => read(() => clearSession(db)),
    },
  };
}

/** Runs one read or small write, with Dexie's failures mapped to StorageError like the other steps. */
async function read<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toStorageError(e);
  }
}
