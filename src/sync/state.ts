/**
 * Sync state is data (SPEC.md C8): the engine publishes it, the UI renders it, nobody infers it.
 *
 *   idle ──trigger──▶ pushing ──▶ pulling ──▶ synced ──`offline` event──▶ offline
 *     ▲                  │            │
 *     └── unreachable / offline / error ◀──┘   (retry on the reachability schedule, reachability.ts)
 *
 * `offline`: the browser says there is no network (navigator.onLine false — reliable); no request is sent.
 * `unreachable`: the browser says online but the server did not answer (server down, captive portal, weak
 * signal). `error`: the server answered with a failure. `synced` only after a successful round.
 */
export type SyncPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'unreachable'; readonly retryAt: number | null }
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
