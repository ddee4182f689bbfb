import { liveQuery } from 'dexie';
import { INITIAL_STATUS, type SyncStatus } from '../../../src/sync/state.ts';
import { getDb } from '../../../src/stores/db.ts';
import type { SyncEngineLike } from '../../../src/stores/sync-api.ts';

/**
 * A test double of the sync engine: it publishes what the device alone knows — pending and refused counts
 * from the outbox, `offline` from navigator.onLine — for screens rendered without a server.
 */
const online = () => (typeof navigator === 'undefined' ? true : navigator.onLine);

export function localStatusEngine(): SyncEngineLike {
  let status: SyncStatus = INITIAL_STATUS;
  const listeners = new Set<(s: SyncStatus) => void>();
  let sub: { unsubscribe(): void } | null = null;
  const publish = (next: SyncStatus) => {
    status = next;
    for (const l of listeners) l(status);
  };
  const onNetwork = () => publish({ ...status, phase: online() ? { kind: 'idle' } : { kind: 'offline' } });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus: () => status,
    syncNow: () => Promise.resolve(),
    start() {
      const db = getDb();
      sub = liveQuery(async () => ({
        pending: await db.outbox.count(),
        rejected: await db.rejected.count(),
      })).subscribe({
        next: (c) => publish({ ...status, ...c }),
        error: () => undefined,
      });
      globalThis.addEventListener?.('online', onNetwork);
      globalThis.addEventListener?.('offline', onNetwork);
      onNetwork();
    },
    stop() {
      sub?.unsubscribe();
      globalThis.removeEventListener?.('online', onNetwork);
      globalThis.removeEventListener?.('offline', onNetwork);
    },
  };
}
