import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryReplica } from '../../src/db/memory-replica.ts';
import type { SyncTrigger } from '../../src/sync/triggers.ts';
import { HttpError } from '../../src/sync/errors.ts';
import { DEFAULT_RETRY } from '../../src/sync/reachability.ts';
import { FakeServer } from './fake-server.ts';
import { ManualTimers, until } from './manual-timers.ts';
import { engineFor } from './helpers.ts';
import { newPerson } from '../fixtures/records.ts';

const noop = (): void => undefined;
const settle = () => new Promise((r) => setTimeout(r, 30));
let db: MemoryReplica;
let server: FakeServer;
beforeEach(() => {
  db = new MemoryReplica();
  server = new FakeServer();
});

describe('sync triggers', () => {
  it('[C7] start-up syncs, and a 500 is retried after a bounded, growing backoff', async () => {
    const timers = new ManualTimers();
    let failing = 3;
    server.beforePush = () => {
      if (failing-- > 0) throw new HttpError(500, 'internal', 'boom');
    };
    await db.create('person', newPerson(), 'u-worker1');
    const engine = engineFor(db, server, {
      timers,
      clock: () => new Date(timers.now),
      retry: { ...DEFAULT_RETRY, baseMs: 1000, quickCapMs: 3000 },
      periodMs: 3_600_000,
    });
    engine.start();
    const retrySet = () => (timers.delays()[0] ?? Infinity) < 60_000;
    await until(retrySet);
    expect(engine.getStatus().phase).toMatchObject({ kind: 'error', reason: 'internal', retryAt: 750 });
    const retries: number[] = [];
    for (let i = 0; i < 3; i++) {
      retries.push(timers.delays()[0] ?? -1);
      timers.advance(timers.delays()[0] ?? 0);
      await until(() => retrySet() || engine.getStatus().phase.kind === 'synced');
    }
    // 1 s, 2 s, then capped at 3 s — each with jitter in its upper half (random = 0.5 → ¾ of the step).
    expect(retries).toEqual([750, 1500, 2250]);
    expect(engine.getStatus().phase.kind).toBe('synced');
    expect(await db.pendingCount()).toBe(0);
    engine.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('[C7] a local write is pushed shortly after, one push for a burst of saves', async () => {
    const timers = new ManualTimers();
    const engine = engineFor(db, server, {
      timers,
      onLocalWrite: (fn) => db.onLocalWrite(fn),
      writeDebounceMs: 1500,
      periodMs: 3_600_000,
    });
    engine.start();
    await until(() => engine.getStatus().phase.kind === 'synced');
    for (let i = 0; i < 3; i++) await db.create('person', newPerson({ name: `人${i}` }), 'u-worker1');
    await until(() => engine.getStatus().pending === 3);
    expect(engine.getStatus().pending).toBe(3);
    expect(server.pushCount).toBe(0);
    timers.advance(1500);
    await until(() => engine.getStatus().pending === 0 && engine.getStatus().phase.kind === 'synced');
    expect(server.pushCount).toBe(1);
    expect(engine.getStatus()).toMatchObject({ pending: 0, phase: { kind: 'synced' } });
    engine.stop();
  });

  it('[C7] online, visible and Background Sync messages each start a sync; a timer brings colleagues’ changes', async () => {
    const timers = new ManualTimers();
    let fire: (t: SyncTrigger) => void = noop;
    const engine = engineFor(db, server, {
      timers,
      periodMs: 60_000,
      installTriggers: (f) => {
        fire = f;
        return () => {
          fire = noop;
        };
      },
    });
    engine.start();
    await until(() => engine.getStatus().phase.kind === 'synced');
    const pullsBefore = db.ids('person').length;
    server.put('person', {
      ...newPerson(),
      id: '0190a0b0-0000-7000-8000-000000000001',
      createdAt: 'x',
      createdBy: 'u2',
      updatedAt: 'x',
    });
    fire('online');
    await settle();
    expect(db.ids('person').length).toBe(pullsBefore + 1);
    server.put('person', {
      ...newPerson(),
      id: '0190a0b0-0000-7000-8000-000000000002',
      createdAt: 'x',
      createdBy: 'u2',
      updatedAt: 'x',
    });
    timers.advance(60_000);
    await settle();
    expect(db.ids('person').length).toBe(pullsBefore + 2);
    engine.stop();
    fire('visible');
    expect(timers.pending.size).toBe(0);
  });

  it('[C8] subscribers see the phases of a sync and the pending count', async () => {
    await db.create('person', newPerson(), 'u-worker1');
    const engine = engineFor(db, server);
    const kinds: string[] = [];
    const off = engine.subscribe((s) => kinds.push(s.phase.kind));
    await engine.syncNow();
    off();
    expect(kinds).toContain('pushing');
    expect(kinds).toContain('pulling');
    expect(kinds.at(-1)).toBe('synced');
    expect(engine.getStatus().lastSyncedAt).not.toBeNull();
  });
});
