import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncEngineLike } from '../../src/stores/sync-api.ts';
import {
  connectEngine,
  phaseLabel,
  phaseProgress,
  syncNow,
  syncStore,
} from '../../src/stores/sync-status.ts';
import { INITIAL_STATUS, type SyncStatus } from '../../src/sync/state.ts';

function fakeEngine(initial: SyncStatus = INITIAL_STATUS) {
  let status = initial;
  const listeners = new Set<(s: SyncStatus) => void>();
  const syncNowSpy = vi.fn(() => Promise.resolve());
  const engine: SyncEngineLike = {
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getStatus: () => status,
    syncNow: syncNowSpy,
    start: vi.fn(),
    stop: vi.fn(),
  };
  const publish = (s: SyncStatus) => {
    status = s;
    for (const l of listeners) l(s);
  };
  return { engine, publish, listeners, syncNowSpy };
}

let detach: (() => void) | null = null;
afterEach(() => {
  detach?.();
  detach = null;
});

describe('sync status store', () => {
  it('[C8] mirrors what the engine publishes, starting from its current status', () => {
    const { engine, publish } = fakeEngine({ ...INITIAL_STATUS, pending: 3 });
    detach = connectEngine(engine);
    expect(syncStore.getState().status.pending).toBe(3);
    publish({ ...INITIAL_STATUS, phase: { kind: 'pushing', sent: 1, total: 4 }, pending: 3 });
    expect(syncStore.getState().status.phase).toEqual({ kind: 'pushing', sent: 1, total: 4 });
  });

  it('stops listening when detached', () => {
    const { engine, listeners } = fakeEngine();
    detach = connectEngine(engine);
    expect(listeners.size).toBe(1);
    detach();
    detach = null;
    expect(listeners.size).toBe(0);
    expect(syncStore.getState().engine).toBeNull();
  });

  it('立即同步 asks the engine for a round', async () => {
    const { engine, syncNowSpy } = fakeEngine();
    detach = connectEngine(engine);
    await syncNow();
    expect(syncNowSpy).toHaveBeenCalledTimes(1);
  });

  it('labels every phase in Chinese and knows the progress of a large download', () => {
    expect(phaseLabel({ kind: 'offline' })).toBe('离线');
    expect(phaseLabel({ kind: 'pulling', received: 500, total: 2000 })).toBe('同步中（下载 500/2000）');
    expect(phaseLabel({ kind: 'error', reason: 'internal', message: '服务器出错', retryAt: null })).toContain(
      '服务器出错',
    );
    expect(phaseProgress({ kind: 'pulling', received: 500, total: 2000 })).toBe(0.25);
    expect(phaseProgress({ kind: 'pulling', received: 500, total: null })).toBeNull();
    expect(phaseProgress({ kind: 'synced' })).toBeNull();
  });
});
