import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleConflictArchive } from '../../src/server/archive-schedule.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import type { Store } from '../../src/server/storage/store.ts';

/**
 * A real store that counts the write transactions asked of it (one per archive batch), and refuses them while
 * `failing()` says so, as a locked or unreachable database would.
 */
function counted(store: Store, failing = () => false): { store: Store; writes: () => number } {
  let n = 0;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (fn: Parameters<Store['write']>[0]) => {
          n++;
          return failing() ? Promise.reject(new Error('database is locked')) : target.write(fn);
        };
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store: proxy, writes: () => n };
}

describe('the conflict archive schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then every period, and not after stop', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const real = SqliteStore.open(':memory:');
    const { store, writes } = counted(real);
    const errors: unknown[] = [];
    const schedule = scheduleConflictArchive(
      store,
      { info: () => undefined, error: (obj) => errors.push(obj) },
      60_000,
    );
    await vi.waitFor(() => expect(writes()).toBe(1));
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(writes()).toBe(2));
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(writes()).toBe(2);
    expect(errors).toEqual([]);
    await real.close();
  });

  it('logs a failed run and tries again at the next period', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const real = SqliteStore.open(':memory:');
    let fail = true;
    const { store, writes } = counted(real, () => fail);
    const errors: unknown[] = [];
    const schedule = scheduleConflictArchive(
      store,
      { info: () => undefined, error: (obj) => errors.push(obj) },
      60_000,
    );
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    fail = false;
    await vi.advanceTimersByTimeAsync(60_000);
    await schedule.stop();
    expect(writes()).toBe(2);
    expect(errors).toHaveLength(1);
    await real.close();
  });
});
