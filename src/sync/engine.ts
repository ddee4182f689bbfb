import type { Replica } from '../db/replica.ts';
import { MAX_PUSH_MUTATIONS } from '../protocol/push.ts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
import { NetworkError, ProtocolVersionError, UnauthenticatedError, toSyncError } from './errors.ts';
import { createWebLock, type SyncLock } from './lock.ts';
import { INITIAL_STATUS, type SyncPhase, type SyncStatus } from './state.ts';
import { pullAll, pushAll, type StepContext } from './steps.ts';
import type { Transport } from './transport.ts';
import { browserIsOnline, browserTriggers, requestBackgroundSync, type InstallTriggers } from './triggers.ts';

/**
 * The sync runner (SPEC.md C2–C9). One round, under the cross-tab lock:
 *
 *   push the outbox in batches ──▶ pull pages until `more` is false ──▶ outbox empty? ──yes──▶ synced
 *        │ 4xx naming a mutation: move it to `rejected`, go on          │ no (written meanwhile): push again
 *        │ 401 → login-required · protocol_version → update-required (no retry; outbox untouched)
 *        └ no answer → offline · 5xx / bad answer / storage → error; retry after bounded backoff + jitter
 *
 * Important: no replica step (a Dexie transaction in the app) is ever held across an HTTP request. Each step reads in one short
 * transaction, sends, then records the answer in another (acknowledgement, page + cursor) — a tab closed
 * in between loses nothing and the server's per-client seq makes the resend harmless (P3).
 */
export interface SyncEngineOptions {
  /** The device's data (Dexie in the app, memory in unit tests): the engine's only view of it. */
  readonly replica: Replica;
  readonly transport: Transport;
  /** The current session token; null when nobody is signed in (→ login-required). */
  readonly getToken: () => Promise<string | null>;
  /** Device clock, for lastSyncedAt and retryAt only (never for ordering, P9). */
  readonly clock?: () => Date;
  /** [0,1) — jitter source; injectable so tests and the simulation are deterministic. */
  readonly random?: () => number;
  /** Cross-tab mutex; Web Locks by default (C3). */
  readonly lock?: SyncLock;
  readonly timers?: Timers;
  readonly backoff?: BackoffPolicy;
  /** Mutations per push, ≤ 500 (P4). */
  readonly pushBatchSize?: number;
  /** Records per pull page. */
  readonly pullLimit?: number;
  /** A sync this often while started, even with nothing to push: colleagues' changes come in. */
  readonly periodMs?: number;
  /** Wait this long after a local write before syncing, so a burst of saves makes one push. */
  readonly writeDebounceMs?: number;
  readonly installTriggers?: InstallTriggers;
  readonly isOnline?: () => boolean;
  /** Subscribe to local writes of this tab; the replica's own `onLocalWrite` by default. */
  readonly onLocalWrite?: (fn: () => void) => () => void;
  /** Ask for Background Sync when the network is gone; the browser's by default. */
  readonly requestBackgroundSync?: () => Promise<void>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncEngine {
  /** Installs the triggers (C7) and runs a first sync. Idempotent. */
  start(): void;
  /** Removes triggers and timers; a round in flight finishes on its own. */
  stop(): void;
  /**
   * Runs a sync round now, or — if one is running — one more right after it. Resolves when that round is
   * over, whatever its outcome (read it from getStatus()); never rejects.
   */
  syncNow(): Promise<void>;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  getStatus(): SyncStatus;
}

/** Push/pull rounds within one hold of the lock, so a steady stream of writes cannot starve other tabs. */
const MAX_ROUNDS_PER_LOCK = 8;

type Outcome = 'synced' | 'halted' | 'failed';

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const { replica, transport, getToken } = opts;
  const clock = opts.clock ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const lock = opts.lock ?? createWebLock();
  const timers = opts.timers ?? defaultTimers;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const batchLimit = Math.min(Math.max(1, opts.pushBatchSize ?? MAX_PUSH_MUTATIONS), MAX_PUSH_MUTATIONS);
  const pullLimit = opts.pullLimit ?? 1000;
  const periodMs = opts.periodMs ?? 5 * 60_000;
  const debounceMs = opts.writeDebounceMs ?? 1_500;
  const isOnline = opts.isOnline ?? browserIsOnline;

  let status: SyncStatus = INITIAL_STATUS;
  const listeners = new Set<(s: SyncStatus) => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  /** A token the server refused: not sent again until the session changes (C9). */
  let refusedToken: string | null = null;
  let tokenInUse: string | null = null;
  let updateRequired = false;
  let started = false;
  let uninstall: (() => void)[] = [];
  let retryTimer: unknown = null;
  let periodTimer: unknown = null;
  let debounceTimer: unknown = null;

  function publish(next: Partial<SyncStatus>): void {
    status = { ...status, ...next };
    for (const fn of listeners) {
      try {
        fn(status);
      } catch {
        // A listener's bug must not stop the sync.
      }
    }
  }
  const setPhase = (phase: SyncPhase) => publish({ phase });

  async function refreshCounts(): Promise<void> {
    try {
      const [pending, rejected, lastSyncedAt] = await Promise.all([
        replica.pendingCount(),
        replica.rejectedCount(),
        replica.lastSyncedAt(),
      ]);
      publish({ pending, rejected, lastSyncedAt });
    } catch {
      // Counts are for display; the next refresh tries again.
    }
  }

  const step: StepContext = { replica, transport, batchLimit, pullLimit, setPhase };

  /** One hold of the lock: push and pull until the outbox is empty (C7), or the round budget is spent. */
  async function round(): Promise<Outcome> {
    if (updateRequired) return 'halted';
    const token = await getToken();
    tokenInUse = token;
    if (token === null || token === refusedToken) {
      setPhase({ kind: 'login-required' });
      return 'halted';
    }
    if (!isOnline()) {
      setPhase({ kind: 'offline' });
      return 'failed';
    }
    const clientId = await replica.clientId();
    for (let i = 0; i < MAX_ROUNDS_PER_LOCK; i++) {
      await pushAll(step, token, clientId);
      await pullAll(step, token, clientId);
      if ((await replica.pendingCount()) === 0) break;
      // Written while we pulled (Replicache #42): push again.
      if (i === MAX_ROUNDS_PER_LOCK - 1) again = true;
    }
    await replica.setLastSyncedAt(clock().toISOString());
    setPhase({ kind: 'synced' });
    return 'synced';
  }

  function scheduleRetry(): void {
    if (!started) return;
    clearTimer(retryTimer);
    const delay = backoffDelay(failures, random, policy);
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      void syncNow();
    }, delay);
  }

  function clearTimer(handle: unknown): void {
    if (handle !== null) timers.clearTimeout(handle);
  }

  async function guardedRound(): Promise<Outcome> {
    try {
      const outcome = await lock.run(round);
      if (outcome === 'synced') failures = 0;
      return outcome;
    } catch (e) {
      const err = toSyncError(e);
      if (err instanceof UnauthenticatedError || err.reason === 'unauthenticated') {
        refusedToken = tokenInUse;
        setPhase({ kind: 'login-required' });
        return 'halted';
      }
      if (err instanceof ProtocolVersionError || err.reason === 'protocol_version') {
        updateRequired = true;
        setPhase({ kind: 'update-required' });
        return 'halted';
      }
      failures++;
      const delay = backoffDelay(failures, random, policy);
      if (err instanceof NetworkError) {
        setPhase({ kind: 'offline' });
        // Let the browser wake us when the network is back (Chromium); best effort, never throws.
        void (opts.requestBackgroundSync ?? requestBackgroundSync)();
      } else {
        setPhase({
          kind: 'error',
          reason: err.reason,
          message: err.message,
          retryAt: started ? clock().getTime() + delay : null,
        });
      }
      return 'failed';
    }
  }

  function syncNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let outcome: Outcome;
        do {
          again = false;
          outcome = await guardedRound();
          await refreshCounts();
        } while (again && outcome === 'synced');
        if (outcome === 'failed') scheduleRetry();
      } catch {
        // guardedRound and refreshCounts do not throw; this is the last line of "never reject".
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function schedulePeriodic(): void {
    clearTimer(periodTimer);
    periodTimer = timers.setTimeout(() => {
      periodTimer = null;
      if (!started) return;
      schedulePeriodic();
      void syncNow();
    }, periodMs);
  }

  function onWrite(): void {
    void refreshCounts();
    if (!started) return;
    clearTimer(debounceTimer);
    debounceTimer = timers.setTimeout(() => {
      debounceTimer = null;
      void syncNow();
    }, debounceMs);
  }

  return {
    start() {
      if (started) return;
      started = true;
      const fire = () => {
        // A session change or reconnect deserves a fresh attempt, not the remaining backoff.
        void syncNow();
      };
      uninstall = [
        (opts.installTriggers ?? browserTriggers)(fire),
        (opts.onLocalWrite ?? ((fn: () => void) => replica.onLocalWrite(fn)))(onWrite),
      ];
      schedulePeriodic();
      void syncNow();
    },
    stop() {
      started = false;
      for (const u of uninstall) u();
      uninstall = [];
      clearTimer(retryTimer);
      clearTimer(periodTimer);
      clearTimer(debounceTimer);
      retryTimer = periodTimer = debounceTimer = null;
    },
    syncNow,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus: () => status,
  };
}
