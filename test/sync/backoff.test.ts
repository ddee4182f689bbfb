import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/sync/backoff.ts';

const mid = () => 0.999999;

describe('backoff', () => {
  it('[C7] grows exponentially from the base delay', () => {
    expect(backoffDelay(1, mid, { baseMs: 1000, maxMs: 60_000 })).toBe(1000);
    expect(backoffDelay(2, mid, { baseMs: 1000, maxMs: 60_000 })).toBe(2000);
    expect(backoffDelay(4, mid, { baseMs: 1000, maxMs: 60_000 })).toBe(8000);
  });

  it('[C7] is bounded by the cap however many attempts failed, and never below half of it', () => {
    for (const attempt of [1, 5, 10, 50, 1000, Number.MAX_SAFE_INTEGER]) {
      for (const r of [0, 0.3, 0.999999]) {
        const d = backoffDelay(attempt, () => r);
        expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
        expect(d).toBeGreaterThanOrEqual(
          Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1)) / 2,
        );
        expect(Number.isFinite(d)).toBe(true);
      }
    }
  });

  it('[C7] jitter spreads devices that failed together', () => {
    const a = backoffDelay(6, () => 0.1);
    const b = backoffDelay(6, () => 0.9);
    expect(a).not.toBe(b);
  });
});
