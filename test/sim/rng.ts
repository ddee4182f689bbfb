import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded PRNG for the simulation: the same seed gives the same workload and the same faults. */
export interface Rng {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T | undefined;
  float(): number;
}

export function createRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  const int = (min: number, max: number) => uniformInt(g, min, max);
  return {
    int,
    chance: (p) => int(0, 999_999) < p * 1_000_000,
    pick: (items) => (items.length === 0 ? undefined : items[int(0, items.length - 1)]),
    float: () => int(0, 999_999) / 1_000_000,
  };
}
