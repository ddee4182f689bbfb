import type { SyncStatus } from '../sync/state.ts';

/**
 * The one file that couples the UI to the sync engine (src/sync, built by the sync engineer). The engine's
 * contract: `subscribe(listener)`, `getStatus(): SyncStatus`, `syncNow()`, `start()`, `stop()`.
 */
export interface SyncEngineLike {
  subscribe(listener: (status: SyncStatus) => void): () => void;
  getStatus(): SyncStatus;
  syncNow(): Promise<void>;
  start(): void;
  stop(): void;
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
