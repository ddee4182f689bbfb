import { afterEach, describe, expect, it, vi } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { scheduleConflictArchive } from '../../src/server/archive-schedule.ts';
import { ARCHIVE_BATCH, archiveResolvedConflicts } from '../../src/server/replication/archive.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import type { MutationRow, Store, StoredRecord } from '../../src/server/storage/store.ts';

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

  it('a run asked to stop ends after the batch it is in; the next run goes on', async () => {
    const store = SqliteStore.open(':memory:');
    await store.replaceOrg(pingshanTree());
    const n = ARCHIVE_BATCH + 1;
    const ids = Array.from(
      { length: n },
      (_, i) => `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
    );
    await store.write(async (tx) => {
      const records = ids.map((id, i): StoredRecord => ({
        kind: 'conflict',
        id,
        version: i + 1,
        deleted: false,
        unitId: '440310001001',
        streetId: '440310001000',
        teamId: null,
        data: { id, resolution: 'kept' },
        stamps: {},
      }));
      const mutations = records.map((r, i): MutationRow => ({
        clientId: 'c1',
        seq: i + 1,
        mutationId: `m${i + 1}`,
        userId: 'u1',
        kind: 'conflict',
        recordId: r.id,
        op: 'put',
        version: r.version,
      }));
      await tx.save({ records, mutations, audit: [], client: null, version: n });
    });
    const later = new Date(Date.now() + 181 * 24 * 60 * 60 * 1000);
    const stop = new AbortController();
    stop.abort();
    expect(await archiveResolvedConflicts(store, later, stop.signal)).toMatchObject({
      archived: ARCHIVE_BATCH,
    });
    expect(await archiveResolvedConflicts(store, later)).toMatchObject({ archived: 1 });
    expect((await store.scanRecords({ kinds: ['conflict'], unitIds: null })).length).toBe(0);
    await store.close();
  });
});
