import {
  DEFAULT_RETRY,
  recordFailure,
  retryDelay,
  triggerWait,
  type Outage,
  type RetryPolicy,
} from './reachability.ts';

/** setTimeout/clearTimeout, injectable so tests drive time by hand. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The sync engine's one timer for its next attempt, and the outage it is in (SPEC.md C7, C15). The schedule
 * itself is pure (reachability.ts); this holds the state and the timer. Contract:
 * - `failed()` after each failed round, `succeeded()` after each successful one;
 * - `retry(run)` sets the next attempt one jittered step after the failure (replacing any set before);
 * - `later(run, ms)` sets it `ms` from now unless one is set sooner, and resolves after that attempt;
 * - `take()` when a round starts anyway: it cancels the timer and hands over who waited for it.
 */
export interface Pacer {
  /** In an outage: failed attempts since the last successful round. */
  readonly inOutage: boolean;
  failed(): void;
  succeeded(): void;
  /** Device time the retry after the last failure is due (if `retry` is called now). */
  retryAt(): number;
  /** How long a trigger must still wait so attempts stay `minGapMs` apart (0 = go now). */
  triggerWait(): number;
  retry(run: () => Promise<void>): void;
  later(run: () => Promise<void>, ms: number): Promise<void>;
  take(): (() => void)[];
  /** Cancels the timer and releases whoever waited. */
  cancel(): void;
}

export interface PacerOptions {
  readonly timers: Timers;
  readonly now: () => number;
  readonly random: () => number;
  readonly isVisible: () => boolean;
  readonly policy?: RetryPolicy;
}

export function createPacer(opts: PacerOptions): Pacer {
  const { timers, now, random, isVisible } = opts;
  const policy = opts.policy ?? DEFAULT_RETRY;
  let outage: Outage | null = null;
  let retryInMs = 0;
  let next: { at: number; handle: unknown; waiters: (() => void)[] } | null = null;

  function set(run: () => Promise<void>, delay: number, replace: boolean): void {
    const at = now() + delay;
    if (next && !replace && next.at <= at) return;
    const waiters = next?.waiters ?? [];
    if (next) timers.clearTimeout(next.handle);
    const handle = timers.setTimeout(() => {
      const due = next?.waiters ?? [];
      next = null;
      void (async () => {
        await run();
        for (const w of due) w();
      })();
    }, delay);
    next = { at, handle, waiters };
  }

  function take(): (() => void)[] {
    const waiters = next?.waiters ?? [];
    if (next) timers.clearTimeout(next.handle);
    next = null;
    return waiters;
  }

  return {
    get inOutage() {
      return outage !== null;
    },
    failed() {
      outage = recordFailure(outage, now());
      retryInMs = retryDelay(outage, isVisible(), random, policy);
    },
    succeeded() {
      outage = null;
    },
    retryAt: () => now() + retryInMs,
    triggerWait: () => triggerWait(outage, now(), policy),
    retry(run) {
      set(run, retryInMs, true);
    },
    later(run, ms) {
      return new Promise<void>((resolve) => {
        set(run, ms, false);
        next?.waiters.push(resolve);
      });
    },
    take,
    cancel() {
      for (const w of take()) w();
    },
  };
}
