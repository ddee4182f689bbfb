import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryReplica } from '../../src/db/memory-replica.ts';
import type { SyncEngine } from '../../src/sync/engine.ts';
import { NetworkError } from '../../src/sync/errors.ts';
import type { SyncTrigger } from '../../src/sync/triggers.ts';
import type { Transport } from '../../src/sync/transport.ts';
import { FakeServer } from './fake-server.ts';
import { engineFor } from './helpers.ts';
import { ManualTimers, until } from './manual-timers.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';

/**
 * The engine while the server is gone and the browser believes it is online (no `online` event): SPEC.md C7,
 * C8, C15. The engine's timers are manual; the replica is in memory.
 */
const ignore = (): void => undefined;
const settle = () => new Promise((r) => setTimeout(r, 30));

interface Rig {
  engine: SyncEngine;
  timers: ManualTimers;
  fire: (t: SyncTrigger) => void;
  /** Requests that reached the transport (answered or not). */
  requests: () => number;
  setDown: (down: boolean) => void;
  setOnline: (online: boolean) => void;
  backgroundSyncs: () => number;
}

let db: MemoryReplica;
let server: FakeServer;
beforeEach(() => {
  db = new MemoryReplica();
  server = new FakeServer();
});

function rig(): Rig {
  const timers = new ManualTimers();
  const inner = server.transport();
  let down = false;
  let online = true;
  let requests = 0;
  let bg = 0;
  const gate = <T>(call: () => Promise<T>): Promise<T> => {
    requests++;
    return down ? Promise.reject(new NetworkError()) : call();
  };
  const transport: Transport = {
    ...inner,
    push: (req, token) => gate(() => inner.push(req, token)),
    pull: (req, token) => gate(() => inner.pull(req, token)),
  };
  let fire: (t: SyncTrigger) => void = ignore;
  const engine = engineFor(db, server, {
    transport,
    timers,
    clock: () => new Date(timers.now),
    periodMs: 3_600_000,
    writeDebounceMs: 1_500,
    onLocalWrite: (fn) => db.onLocalWrite(fn),
    isOnline: () => online,
    requestBackgroundSync: () => {
      bg++;
      return Promise.resolve();
    },
    installTriggers: (f) => {
      fire = f;
      return () => undefined;
    },
  });
  return {
    engine,
    timers,
    fire: (t) => fire(t),
    requests: () => requests,
    setDown: (d) => (down = d),
    setOnline: (o) => (online = o),
    backgroundSyncs: () => bg,
  };
}

/** A failed attempt is over when its retry is set (the period timer is an hour away). */
const retrySet = (r: Rig) => (r.timers.delays()[0] ?? Infinity) < 60_000;

/** Advances the engine's clock in small ticks, letting IndexedDB work between them. */
async function run(r: Rig, ms: number, tick = 250): Promise<void> {
  for (let t = 0; t < ms; t += tick) {
    r.timers.advance(Math.min(tick, ms - t));
    await settle();
  }
}

describe('sync engine during a server outage', () => {
  it('[C15][C8] unreachable with the network up: one request per step, no Background Sync, back within 5 s', async () => {
    const r = rig();
    const p = await db.create('person', newPerson(), 'u-worker1');
    r.setDown(true);
    r.engine.start();
    await until(() => retrySet(r) && r.engine.getStatus().pending === 1);
    expect(r.engine.getStatus()).toMatchObject({ phase: { kind: 'unreachable' }, pending: 1 });
    const steps: number[] = [];
    for (let i = 0; i < 12; i++) {
      steps.push(r.timers.delays()[0] ?? -1);
      r.timers.advance(steps.at(-1) ?? 0);
      await until(() => retrySet(r));
    }
    // random = 0.5 → ¾ of each step of 1, 2, 4, 4 … s.
    expect(steps).toEqual([750, 1500, 3000, 3000, 3000, 3000, 3000, 3000, 3000, 3000, 3000, 3000]);
    expect(r.requests()).toBe(13);
    expect(r.backgroundSyncs()).toBe(0);

    // Saves during the outage wait for the next step; they make no request of their own.
    await db.create('visit', newVisit(p.id), 'u-worker1');
    await db.create('visit', newVisit(p.id), 'u-worker1');
    await until(() => r.engine.getStatus().pending === 3);
    await run(r, 2_000);
    expect(r.requests()).toBe(13);
    expect(r.engine.getStatus()).toMatchObject({ phase: { kind: 'unreachable' }, pending: 3 });

    // The server answers again just after an attempt failed: the worst case for the wait.
    r.setDown(false);
    const wait = r.timers.delays()[0] ?? Infinity;
    r.timers.advance(wait);
    await until(() => r.engine.getStatus().phase.kind === 'synced' && r.engine.getStatus().pending === 0);
    expect(wait).toBeLessThanOrEqual(5_000);
    expect(r.engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
    expect(await db.pendingCount()).toBe(0);
    r.engine.stop();
  });

  it('[C15] a burst of triggers and taps on 立即同步 during an outage makes one attempt, not a burst', async () => {
    const r = rig();
    await db.create('person', newPerson(), 'u-worker1');
    r.setDown(true);
    r.engine.start();
    await until(() => retrySet(r));
    expect(r.requests()).toBe(1);
    for (let i = 0; i < 10; i++) {
      r.fire('online');
      r.fire('visible');
      r.fire('background-sync');
      void r.engine.syncNow();
    }
    await settle();
    // The first attempt failed just now: the triggers wait for the least gap, together.
    expect(r.requests()).toBe(1);
    r.timers.advance(1_000);
    await until(() => r.requests() === 2 && retrySet(r));
    expect(r.requests()).toBe(2);
    // A relayed Background Sync wake-up while the browser says online does not cut the wait.
    await run(r, 1_100);
    const before = r.requests();
    for (let i = 0; i < 10; i++) r.fire('background-sync');
    await settle();
    expect(r.requests()).toBe(before);
    // 立即同步 is answered: it waits at most the gap, and its promise resolves with the attempt.
    const tap = r.engine.syncNow();
    r.timers.advance(1_000);
    await tap;
    expect(r.requests()).toBe(before + 1);
    r.engine.stop();
  });

  it('[C8][C15] an `offline` event turns 已同步 into 离线 at once, asks for Background Sync once, and `online` resumes', async () => {
    const r = rig();
    r.engine.start();
    await until(() => r.engine.getStatus().phase.kind === 'synced');
    expect(r.engine.getStatus().phase.kind).toBe('synced');
    const sentOnline = r.requests();
    r.setOnline(false);
    r.fire('offline');
    expect(r.engine.getStatus().phase.kind).toBe('offline');
    expect(r.backgroundSyncs()).toBe(1);

    await db.create('person', newPerson(), 'u-worker1');
    await run(r, 20_000, 1_000);
    // Offline: no request at all, the count shows, one Background Sync registration.
    expect(r.requests()).toBe(sentOnline);
    expect(r.engine.getStatus()).toMatchObject({ phase: { kind: 'offline' }, pending: 1 });
    expect(r.backgroundSyncs()).toBe(1);

    r.setOnline(true);
    r.fire('online');
    r.fire('background-sync');
    await run(r, 1_000);
    await until(() => r.engine.getStatus().phase.kind === 'synced' && r.engine.getStatus().pending === 0);
    expect(r.engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
    r.engine.stop();
  });
});
