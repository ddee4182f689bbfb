import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryReplica } from '../../src/db/memory-replica.ts';
import type { Timers } from '../../src/sync/engine.ts';
import { HttpError } from '../../src/sync/errors.ts';
import { FakeServer } from './fake-server.ts';
import { engineFor } from './helpers.ts';
import { newPerson } from '../fixtures/records.ts';

/** Fake timers for the engine alone. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order; returns how many fired. */
  advance(ms: number): number {
    const until = this.now + ms;
    let fired = 0;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      fired++;
    }
    this.now = until;
    return fired;
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }
}

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
      backoff: { baseMs: 1000, maxMs: 3000 },
      periodMs: 3_600_000,
    });
    engine.start();
    await settle();
    expect(engine.getStatus().phase).toMatchObject({ kind: 'error', reason: 'internal', retryAt: 750 });
    const retries: number[] = [];
    for (let i = 0; i < 3; i++) {
      retries.push(timers.delays()[0] ?? -1);
      timers.advance(timers.delays()[0] ?? 0);
      await settle();
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
    await settle();
    for (let i = 0; i < 3; i++) await db.create('person', newPerson({ name: `人${i}` }), 'u-worker1');
    await settle();
    expect(engine.getStatus().pending).toBe(3);
    expect(server.pushCount).toBe(0);
    timers.advance(1500);
    await settle();
    expect(server.pushCount).toBe(1);
    expect(engine.getStatus()).toMatchObject({ pending: 0, phase: { kind: 'synced' } });
    engine.stop();
  });

  it('[C7] online, visible and Background Sync messages each start a sync; a timer brings colleagues’ changes', async () => {
    const timers = new ManualTimers();
    let fire: () => void = noop;
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
    await settle();
    const pullsBefore = db.ids('person').length;
    server.put('person', {
      ...newPerson(),
      id: '0190a0b0-0000-7000-8000-000000000001',
      createdAt: 'x',
      createdBy: 'u2',
      updatedAt: 'x',
    });
    fire();
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
    fire();
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
