/**
 * When to try the server again after a failed sync (SPEC.md C7, C15). Pure: the engine owns the timers and the
 * clock and asks this module how long to wait.
 *
 * An outage starts with the first failed attempt and ends with the first successful round. Each attempt in an
 * outage is one step; the step before the next attempt is
 *
 *   - during the first `quickMs` of the outage: base·2^(n-1), at most `quickCapMs` → 1, 2, 4, 4, 4 … s, so a
 *     server that was away for less than a minute is seen again within `quickCapMs`;
 *   - after that: an eighth of the outage so far (`growthDivisor`), at least `quickCapMs` — 7.5 s after one
 *     minute, 15 s after two, 30 s after four — so a long outage costs at most ~1/8 more time after it ends;
 *   - never more than `maxMs` while the app is visible, `hiddenMaxMs` while it is hidden;
 *
 * then "equal jitter": a uniformly random point in the upper half of the step, so that phones that lost the
 * server together do not come back in lockstep, and the first retry is at most `baseMs`.
 *
 * Triggers (online, visible, 立即同步, a Background Sync wake-up) may cut a wait short but never closer than
 * `minGapMs` after the last attempt: a burst of triggers makes one attempt, not a burst of requests.
 */
export interface RetryPolicy {
  /** First step, ms. */
  readonly baseMs: number;
  /** Longest step during the first `quickMs` of an outage. */
  readonly quickCapMs: number;
  /** How long an outage is "young", ms. */
  readonly quickMs: number;
  /** After the young phase the step is the outage's age divided by this. */
  readonly growthDivisor: number;
  /** Longest step while the app is visible. */
  readonly maxMs: number;
  /** Longest step while the app is hidden (the phone in a pocket: spare the battery). */
  readonly hiddenMaxMs: number;
  /** Shortest time between the end of an attempt and the next one, whatever triggers it. */
  readonly minGapMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 1_000,
  quickCapMs: 4_000,
  quickMs: 60_000,
  growthDivisor: 8,
  maxMs: 60_000,
  hiddenMaxMs: 5 * 60_000,
  minGapMs: 1_000,
};

/** An outage as the engine remembers it (device clock, ms). */
export interface Outage {
  /** When the first failed attempt of this outage ended. */
  readonly since: number;
  /** Failed attempts so far, ≥ 1. */
  readonly attempts: number;
  /** When the last failed attempt ended. */
  readonly lastAttemptAt: number;
}

/** The outage after one more failed attempt that ended at `now` (`null` = the first failure). */
export function recordFailure(outage: Outage | null, now: number): Outage {
  if (outage === null) return { since: now, attempts: 1, lastAttemptAt: now };
  return { since: outage.since, attempts: outage.attempts + 1, lastAttemptAt: now };
}

/** The step before the next attempt, without jitter (ms). */
export function retryStep(outage: Outage, visible: boolean, policy: RetryPolicy = DEFAULT_RETRY): number {
  const n = Math.max(1, Math.floor(outage.attempts));
  // 2^30 already exceeds any sane cap; clamping the exponent keeps the arithmetic finite.
  const exponential = Math.min(policy.quickCapMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  const age = Math.max(0, outage.lastAttemptAt - outage.since);
  const grown = age < policy.quickMs ? 0 : Math.max(policy.quickCapMs, age / policy.growthDivisor);
  const cap = visible ? policy.maxMs : policy.hiddenMaxMs;
  return Math.min(cap, Math.max(exponential, grown));
}

/** The jittered wait before the next attempt (ms): uniform in the upper half of the step. `random` ∈ [0, 1). */
export function retryDelay(
  outage: Outage,
  visible: boolean,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY,
): number {
  const step = retryStep(outage, visible, policy);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}

/** How long a trigger at `now` must still wait so that attempts stay `minGapMs` apart (0 = go now). */
export function triggerWait(outage: Outage | null, now: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  if (outage === null) return 0;
  return Math.max(0, outage.lastAttemptAt + policy.minGapMs - now);
}
