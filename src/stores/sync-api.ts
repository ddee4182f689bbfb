import { liveQuery } from 'dexie';
import { INITIAL_STATUS, type SyncStatus } from '../sync/state.ts';
import { getDb } from './db.ts';

/**
 * The one file that couples the UI to the sync engine (src/sync, built by the sync engineer). The engine's
 * contract: `subscribe(listener)`, `getStatus(): SyncStatus`, `syncNow()`, `start()`, `stop()`.
 *
 * `localStatusEngine` is a stand-in that publishes what the device alone knows — pending and refused counts
 * from the outbox, `offline` from navigator.onLine — for tests and screens rendered without a server.
 */
export interface SyncEngineLike {
  subscribe(listener: (status: SyncStatus) => void): () => void;
  getStatus(): SyncStatus;
  syncNow(): Promise<void>;
  start(): void;
  stop(): void;
}

const online = () => (typeof navigator === 'undefined' ? true : navigator.onLine);

/** A stand-in engine that never talks to the server. */
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

/**
 * Loads the real engine lazily (it brings the protocol schemas, which the first screen must not load), and
 * refreshes the cached org tree once it is up.
 */
export async function loadSyncEngine(): Promise<SyncEngineLike> {
  const { getWiring, refreshOrg } = await import('./sync-wiring.ts');
  void refreshOrg();
  return getWiring().engine;
}
