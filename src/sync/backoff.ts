/**
 * Retry delays after failed syncs (SPEC.md C7): exponential, bounded, with jitter so that many phones coming
 * back online after an outage do not hit the server in lockstep. Pure.
 */
export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  readonly baseMs: number;
  /** No retry waits longer than this, ms. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * The delay before retry number `attempt` (1 = first retry): `base·2^(attempt-1)` capped at `max`, then
 * "equal jitter" — a uniformly random point in the upper half — so it never drops below half the cap and
 * never exceeds `max`. `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, policy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^30 already exceeds any sane cap; clamping the exponent keeps the arithmetic finite.
  const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(capped / 2 + (capped / 2) * r);
}
