import type { Replica } from '../db/replica.ts';
import { MAX_PUSH_MUTATIONS } from '../protocol/push.ts';
import {
  DeviceWipedError,
  NetworkError,
  ProtocolVersionError,
  UnauthenticatedError,
  toSyncError,
} from './errors.ts';
import { createWebLock, type SyncLock } from './lock.ts';
import { INITIAL_STATUS, type SyncPhase, type SyncStatus } from './state.ts';
import { createPacer, type Timers } from './pacer.ts';
import type { RetryPolicy } from './reachability.ts';
import { pullAll, pushAll, type StepContext } from './steps.ts';
import type { Transport } from './transport.ts';
import {
  browserIsOnline,
  browserIsVisible,
  browserTriggers,
  requestBackgroundSync,
  type InstallTriggers,
  type SyncTrigger,
} from './triggers.ts';

/**
 * The sync runner (SPEC.md C2–C9). One round, under the cross-tab lock:
 *
 *   push the outbox in batches ──▶ pull pages until `more` is false ──▶ outbox empty? ──yes──▶ synced
 *        │ 4xx naming a mutation: move it to `rejected`, go on          │ no (written meanwhile): push again
 *        │ 401 → login-required · protocol_version → update-required (no retry; outbox untouched)
 *        └ no answer → unreachable (offline if the browser says so) · 5xx / bad answer / storage → error;
 *          retry on the reachability schedule (reachability.ts, C15)
 *
 * Pacing (C7, C15), only once start() made the engine own its schedule: one timer holds the next attempt.
 * A failure sets it to the jittered step of the outage; a trigger (online, visible, 立即同步, login) may bring
 * it forward, but never closer than `minGapMs` after the last attempt, and a round in flight absorbs triggers.
 * During an outage a local write or the periodic timer does not cut the wait (the next step carries the
 * write), and a Background Sync wake-up does so only if the browser had said offline. So an outage costs one
 * request per step, whatever the triggers do.
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
  /** When to try again after a failure, and the least gap between attempts (reachability.ts). */
  readonly retry?: RetryPolicy;
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
  /** Whether the app is on screen; a hidden app retries less often (C15). */
  readonly isVisible?: () => boolean;
  /** Subscribe to local writes of this tab; the replica's own `onLocalWrite` by default. */
  readonly onLocalWrite?: (fn: () => void) => () => void;
  /** Ask for Background Sync when the browser reports itself offline (only then); the browser's by default. */
  readonly requestBackgroundSync?: () => Promise<void>;
  /**
   * The server answered `device_wiped` (D3): the engine halts as on a 401 and tells the app, which deletes the
   * database. Whatever the server accepted was pushed first (the push precedes the pull in each round).
   */
  readonly onDeviceWiped?: () => void;
}

export type { Timers } from './pacer.ts';

export interface SyncEngine {
  /** Installs the triggers (C7) and runs a first sync. Idempotent. */
  start(): void;
  /** Removes triggers and timers; a round in flight finishes on its own. */
  stop(): void;
  /**
   * Runs a sync round now, or — if one is running — one more right after it when that one succeeded. A
   * started engine in an outage holds it until `minGapMs` after the last attempt (C15). Resolves when that
   * round is over, whatever its outcome (read it from getStatus()); never rejects.
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
  const batchLimit = Math.min(Math.max(1, opts.pushBatchSize ?? MAX_PUSH_MUTATIONS), MAX_PUSH_MUTATIONS);
  const pullLimit = opts.pullLimit ?? 1000;
  const periodMs = opts.periodMs ?? 5 * 60_000;
  const debounceMs = opts.writeDebounceMs ?? 1_500;
  const isOnline = opts.isOnline ?? browserIsOnline;
  const isVisible = opts.isVisible ?? browserIsVisible;
  const askBackgroundSync = opts.requestBackgroundSync ?? requestBackgroundSync;
  const pacer = createPacer({
    timers,
    now: () => clock().getTime(),
    random,
    isVisible,
    ...(opts.retry ? { policy: opts.retry } : {}),
  });

  let status: SyncStatus = INITIAL_STATUS;
  const listeners = new Set<(s: SyncStatus) => void>();
  let running: Promise<void> | null = null;
  let again = false;
  /** Background Sync asked for in this offline period (asked once, cleared by `online`). */
  let backgroundSyncAsked = false;
  /** A token the server refused: not sent again until the session changes (C9). */
  let refusedToken: string | null = null;
  let tokenInUse: string | null = null;
  let updateRequired = false;
  let started = false;
  let uninstall: (() => void)[] = [];
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
      wentOffline();
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

  /** The browser says offline: show it at once, and ask Chromium to wake us when the network is back (once). */
  function wentOffline(): void {
    const kind = status.phase.kind;
    if (kind !== 'login-required' && kind !== 'update-required') setPhase({ kind: 'offline' });
    if (backgroundSyncAsked) return;
    backgroundSyncAsked = true;
    // Best effort, never throws. Only here: registered while online, Chromium fires it at once (triggers.ts).
    void askBackgroundSync();
  }

  /** Records a failed attempt; returns the device time of the retry, or null when nothing will retry. */
  function noteFailure(): number | null {
    pacer.failed();
    return started ? pacer.retryAt() : null;
  }

  function clearTimer(handle: unknown): void {
    if (handle !== null) timers.clearTimeout(handle);
  }

  async function guardedRound(): Promise<Outcome> {
    try {
      const outcome = await lock.run(round);
      if (outcome === 'synced') pacer.succeeded();
      else if (outcome === 'failed') noteFailure();
      return outcome;
    } catch (e) {
      const err = toSyncError(e);
      if (err instanceof DeviceWipedError || err.reason === 'device_wiped') {
        refusedToken = tokenInUse;
        setPhase({ kind: 'login-required' });
        opts.onDeviceWiped?.();
        return 'halted';
      }
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
      const retryAt = noteFailure();
      if (err instanceof NetworkError) {
        // navigator.onLine false is reliable; true only means "some interface is up" (triggers.ts).
        if (isOnline()) setPhase({ kind: 'unreachable', retryAt });
        else wentOffline();
      } else {
        setPhase({ kind: 'error', reason: err.reason, message: err.message, retryAt });
      }
      return 'failed';
    }
  }

  /** Runs rounds now (or joins the one in flight); serves whoever waited for the scheduled attempt too. */
  function runRounds(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const adopted = pacer.take();
    running = (async () => {
      try {
        let outcome: Outcome;
        do {
          again = false;
          outcome = await guardedRound();
          await refreshCounts();
        } while (again && outcome === 'synced');
        if (outcome === 'failed' && started) pacer.retry(runRounds);
      } catch {
        // guardedRound and refreshCounts do not throw; this is the last line of "never reject".
      } finally {
        running = null;
        for (const w of adopted) w();
      }
    })();
    return running;
  }

  /**
   * A round as soon as pacing allows: at once, or — within `minGapMs` of a failed attempt of a started
   * engine — when the gap is over (coalesced with the scheduled retry). An engine that was not started is
   * driven by its caller (tests, the simulation, the bench) and runs at once.
   */
  function syncNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const wait = started ? pacer.triggerWait() : 0;
    return wait === 0 ? runRounds() : pacer.later(runRounds, wait);
  }

  function onTrigger(trigger: SyncTrigger): void {
    if (trigger === 'offline') {
      wentOffline();
      return;
    }
    if (trigger === 'online') backgroundSyncAsked = false;
    // Important: a relayed Background Sync wake-up while the browser already believed it was online says
    // nothing new about the server; the engine's schedule stands (it cannot bypass the backoff).
    if (trigger === 'background-sync' && pacer.inOutage && status.phase.kind !== 'offline') return;
    // A reconnect, the app shown again or a wake-up deserves an attempt now, not the rest of the wait.
    void syncNow();
  }

  function schedulePeriodic(): void {
    clearTimer(periodTimer);
    periodTimer = timers.setTimeout(() => {
      periodTimer = null;
      if (!started) return;
      schedulePeriodic();
      // During an outage the retry schedule is already probing; the period adds no request.
      if (!pacer.inOutage) void syncNow();
    }, periodMs);
  }

  function onWrite(): void {
    void refreshCounts();
    // During an outage the write waits for the next step of the schedule (no request per save).
    if (!started || pacer.inOutage) return;
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
      uninstall = [
        (opts.installTriggers ?? browserTriggers)(onTrigger),
        (opts.onLocalWrite ?? ((fn: () => void) => replica.onLocalWrite(fn)))(onWrite),
      ];
      schedulePeriodic();
      void syncNow();
    },
    stop() {
      started = false;
      for (const u of uninstall) u();
      uninstall = [];
      pacer.cancel();
      clearTimer(periodTimer);
      clearTimer(debounceTimer);
      periodTimer = debounceTimer = null;
    },
    syncNow,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus: () => status,
  };
}
