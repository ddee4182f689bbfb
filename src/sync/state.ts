/**
 * Sync state is data (SPEC.md C8): the engine publishes it, the UI renders it, nobody infers it.
 *
 *   idle ──trigger──▶ pushing ──▶ pulling ──▶ synced
 *     ▲                  │            │
 *     └── offline ◀──────┴── error ◀──┘   (error: bounded backoff, then retry)
 */
export type SyncPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'pushing'; readonly sent: number; readonly total: number }
  | { readonly kind: 'pulling'; readonly received: number; readonly total: number | null }
  | { readonly kind: 'synced' }
  | { readonly kind: 'login-required' }
  | { readonly kind: 'update-required' }
  | {
      readonly kind: 'error';
      readonly reason: string;
      readonly message: string;
      readonly retryAt: number | null;
    };

export interface SyncStatus {
  readonly phase: SyncPhase;
  /** Outbox entries not yet acknowledged by the server. */
  readonly pending: number;
  /** Changes the server refused, kept for the worker to correct or export (SPEC.md C6). */
  readonly rejected: number;
  /** Device time of the last completed sync, ISO; for display only. */
  readonly lastSyncedAt: string | null;
}

export const INITIAL_STATUS: SyncStatus = {
  phase: { kind: 'idle' },
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
};
