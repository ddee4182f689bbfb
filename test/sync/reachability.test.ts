import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_RETRY,
  recordFailure,
  retryDelay,
  retryStep,
  triggerWait,
  type Outage,
} from '../../src/sync/reachability.ts';

const top = () => 0.999999;
/** An outage of many attempts whose last one ended `ageMs` after it began. */
const at = (ageMs: number): Outage => ({ since: 0, attempts: 30, lastAttemptAt: ageMs });
const bottom = () => 0;

/** The outage after `n` failed attempts, each `every` ms apart, starting at 0. */
function after(n: number, every: number): Outage {
  let o: Outage | null = null;
  for (let i = 0; i < n; i++) o = recordFailure(o, i * every);
  if (!o) throw new Error('n must be ≥ 1');
  return o;
}

/**
 * Drives the schedule with vitest's fake timers against a server that is down until `downMs`: each attempt
 * fails while the server is down and is followed by the jittered step. Returns the attempts made while the
 * server was down and how long after it came back the first successful attempt happened.
 */
async function outage(
  downMs: number,
  random: () => number,
): Promise<{ attempts: number; recoveryMs: number }> {
  let state: Outage | null = null;
  let attempts = 0;
  const recovered = { at: -1 };
  const attempt = () => {
    const t = Date.now();
    if (t < downMs) {
      attempts++;
      state = recordFailure(state, t);
      setTimeout(attempt, retryDelay(state, true, random));
    } else {
      recovered.at = t;
    }
  };
  attempt();
  while (recovered.at < 0) await vi.advanceTimersToNextTimerAsync();
  return { attempts, recoveryMs: recovered.at - downMs };
}

describe('reachability schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('[C15] steps are 1, 2, 4, 4, 4 … s during the first minute of an outage', () => {
    const steps = [1, 2, 3, 4, 5, 8].map((n) => retryStep(after(n, 2_000), true));
    expect(steps).toEqual([1_000, 2_000, 4_000, 4_000, 4_000, 4_000]);
  });

  it('[C15] the first retry comes within 2 s, whatever the jitter', () => {
    const first = recordFailure(null, 0);
    expect(retryDelay(first, true, top)).toBeLessThanOrEqual(2_000);
    expect(retryDelay(first, true, bottom)).toBeGreaterThanOrEqual(500);
  });

  it('[C15] after the first minute the step grows with the outage, to 60 s while visible and 5 min hidden', () => {
    expect(retryStep(at(59_000), true)).toBe(4_000);
    expect(retryStep(at(60_000), true)).toBe(7_500);
    expect(retryStep(at(120_000), true)).toBe(15_000);
    expect(retryStep(at(240_000), true)).toBe(30_000);
    expect(retryStep(at(3_600_000), true)).toBe(DEFAULT_RETRY.maxMs);
    expect(retryStep(at(3_600_000), false)).toBe(DEFAULT_RETRY.hiddenMaxMs);
    for (const r of [bottom, () => 0.5, top]) {
      expect(retryDelay(at(1e12), true, r)).toBeLessThanOrEqual(60_000);
      expect(Number.isFinite(retryDelay({ since: 0, attempts: 1e9, lastAttemptAt: 0 }, true, r))).toBe(true);
    }
  });

  it('[C15] jitter spreads devices that failed together, within the upper half of the step', () => {
    const o = after(4, 1_000);
    expect(retryDelay(o, true, () => 0.1)).not.toBe(retryDelay(o, true, () => 0.9));
    expect(retryDelay(o, true, bottom)).toBe(2_000);
    expect(retryDelay(o, true, top)).toBe(4_000);
  });

  it('[C15] a trigger waits until the least gap after the last attempt, and not at all without an outage', () => {
    expect(triggerWait(null, 5, DEFAULT_RETRY)).toBe(0);
    const o = recordFailure(null, 10_000);
    expect(triggerWait(o, 10_200)).toBe(800);
    expect(triggerWait(o, 11_000)).toBe(0);
  });

  for (const [name, random] of [
    ['earliest', bottom],
    ['latest', top],
    ['middle', () => 0.5],
  ] as const) {
    it(`[C15] after a 6 s and a 45 s outage the server is tried again within 5 s, one attempt per step (${name} jitter)`, async () => {
      for (const downMs of [6_000, 45_000, 60_000]) {
        vi.setSystemTime(0);
        const { attempts, recoveryMs } = await outage(downMs, random);
        expect(recoveryMs).toBeLessThanOrEqual(4_000);
        // Steps are at least half of 1, 2, 4, 4 … s: no more attempts than that fits in the outage.
        expect(attempts).toBeLessThanOrEqual(2 + Math.ceil((downMs - 1_500) / 2_000));
        expect(attempts).toBeGreaterThanOrEqual(Math.floor(downMs / 4_000));
      }
    });
  }

  it('[C15] a 10-minute outage makes ~30 attempts, not hundreds, and still comes back within ~1/8 of it', async () => {
    const { attempts, recoveryMs } = await outage(600_000, top);
    expect(attempts).toBeLessThan(40);
    expect(recoveryMs).toBeLessThanOrEqual(60_000);
  });
});
