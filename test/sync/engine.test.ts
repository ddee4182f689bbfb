import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryReplica } from '../../src/db/memory-replica.ts';
import { DeviceWipedError, NetworkError, HttpError } from '../../src/sync/errors.ts';
import { createMemoryLock } from '../../src/sync/lock.ts';
import { FakeServer } from './fake-server.ts';
import { engineFor } from './helpers.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';
import { newId } from '../../src/model/ids.ts';

/**
 * The engine on the in-memory replica (its contract is the Dexie replica's: test/db/replica-contract.ts); the
 * Dexie side of each step is tested in test/db, and the two together in test/sim.
 */
const actor = 'u-worker1';
let db: MemoryReplica;
let server: FakeServer;

beforeEach(() => {
  db = new MemoryReplica();
  server = new FakeServer();
});

describe('sync engine: push', () => {
  it('[C4] an outbox entry stays until the server acknowledges it, then leaves', async () => {
    const p = await db.create('person', newPerson(), actor);
    server.beforePush = () => {
      throw new NetworkError();
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('unreachable');
    expect(await db.pendingCount()).toBe(1);

    server.beforePush = () => undefined;
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(0);
    expect(server.applied.map((m) => m.recordId)).toEqual([p.id]);
    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
  });

  it('[P3][C4] a push whose response was lost after the commit is sent again and applied once', async () => {
    await db.create('person', newPerson(), actor);
    let lose = true;
    server.afterPush = () => {
      if (lose) {
        lose = false;
        throw new NetworkError();
      }
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(1);
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(0);
    expect(server.applied).toHaveLength(1);
    expect(server.received).toHaveLength(2);
  });

  it('[C7] writes made while a push is in flight are pushed in the same sync (Replicache #42)', async () => {
    const p = await db.create('person', newPerson(), actor);
    let wrote = false;
    server.beforePush = async () => {
      if (wrote) return;
      wrote = true;
      await db.create('visit', newVisit(p.id), actor);
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(0);
    expect(server.applied.map((m) => m.kind)).toEqual(['person', 'visit']);
    expect(engine.getStatus().phase.kind).toBe('synced');
  });

  it('[C7] a sync requested while one runs gets a round of its own after it', async () => {
    const p = await db.create('person', newPerson(), actor);
    const engine = engineFor(db, server);
    let second: Promise<void> | undefined;
    server.afterPush = async () => {
      if (second) return;
      await db.create('visit', newVisit(p.id), actor);
      second = engine.syncNow();
    };
    const first = engine.syncNow();
    await first;
    await second;
    expect(await db.pendingCount()).toBe(0);
    expect(server.applied).toHaveLength(2);
  });

  it('[C6][P5] a refused mutation is kept with its reason and the queue behind it goes on', async () => {
    const p = await db.create('person', newPerson(), actor);
    const bad = await db.create('visit', newVisit(p.id, { situation: '被拒绝' }), actor);
    const good = await db.create('visit', newVisit(p.id), actor);
    server.refuse = (m) => (m.recordId === bad.id ? 'forbidden' : null);
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(0);
    const rejected = db.rejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ recordId: bad.id, reason: 'forbidden', seq: 2 });
    expect(server.applied.map((m) => [m.recordId, m.seq])).toEqual([
      [p.id, 1],
      [good.id, 2],
    ]);
    // The device equals the server again: the refused record is not shown as if it were saved.
    expect(db.get('visit', bad.id)).toBeUndefined();
    expect(db.get('visit', good.id)).toBeDefined();
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 1, phase: { kind: 'synced' } });
  });

  it('[C9] a 401 keeps the outbox, asks for a login, and the queue goes once the worker signs in again', async () => {
    await db.create('person', newPerson(), actor);
    let token = 'expired';
    const engine = engineFor(db, server, { getToken: () => Promise.resolve(token) });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('login-required');
    expect(await db.pendingCount()).toBe(1);
    // Not sent again with the refused token.
    const pushes = server.pushCount;
    await engine.syncNow();
    expect(server.pushCount).toBe(pushes);
    token = 't1';
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(0);
    expect(engine.getStatus().phase.kind).toBe('synced');
  });

  it('[D3] a device_wiped answer comes after the push: the queue was applied, the engine halts and tells the app', async () => {
    const p = await db.create('person', newPerson(), actor);
    server.mapPull = () => {
      throw new DeviceWipedError();
    };
    let wiped = 0;
    const engine = engineFor(db, server, { onDeviceWiped: () => wiped++ });
    await engine.syncNow();
    expect(server.applied.map((m) => m.recordId)).toEqual([p.id]);
    expect(wiped).toBe(1);
    expect(engine.getStatus().phase.kind).toBe('login-required');
    // Nothing more is sent with that token.
    const pushes = server.pushCount;
    await db.create('person', newPerson(), actor);
    await engine.syncNow();
    expect(server.pushCount).toBe(pushes);
  });

  it('[D3] a plain 401 is not a wipe', async () => {
    const engine = engineFor(db, server, {
      getToken: () => Promise.resolve('expired'),
      onDeviceWiped: () => {
        throw new Error('must not wipe');
      },
    });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('login-required');
  });

  it('[C9] without a session the engine asks for a login and sends nothing', async () => {
    await db.create('person', newPerson(), actor);
    const engine = engineFor(db, server, { getToken: () => Promise.resolve(null) });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('login-required');
    expect(server.pushCount).toBe(0);
  });

  it('[P1] a protocol version mismatch asks for an update and keeps the outbox', async () => {
    await db.create('person', newPerson(), actor);
    const transport = server.transport();
    const engine = engineFor(db, server, {
      transport: {
        ...transport,
        push: () => Promise.reject(new HttpError(409, 'protocol_version', 'old')),
      },
    });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('update-required');
    expect(await db.pendingCount()).toBe(1);
  });

  it('[P4] a long queue goes in batches of at most the batch size, oldest first', async () => {
    const p = await db.create('person', newPerson(), actor);
    for (let i = 0; i < 6; i++) await db.update('person', p.id, { address: `地址${i}` }, actor);
    const sizes: number[] = [];
    server.beforePush = (req) => {
      sizes.push(req.mutations.length);
      expect(req.mutations.map((m) => m.seq)).toEqual(
        req.mutations.map((m) => m.seq).toSorted((a, b) => a - b),
      );
    };
    await engineFor(db, server, { pushBatchSize: 3 }).syncNow();
    expect(sizes).toEqual([3, 3, 1]);
    expect(server.applied.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('[C3] two engines on one database with one lock never push the same mutation twice', async () => {
    const p = await db.create('person', newPerson(), actor);
    for (let i = 0; i < 4; i++) await db.create('visit', newVisit(p.id), actor);
    const lock = createMemoryLock();
    const a = engineFor(db, server, { lock, pushBatchSize: 2 });
    const b = engineFor(db, server, { lock, pushBatchSize: 2 });
    server.beforePush = async () => {
      // Give the other engine every chance to interleave.
      await new Promise((r) => setTimeout(r, 1));
    };
    await Promise.all([a.syncNow(), b.syncNow(), a.syncNow(), b.syncNow()]);
    expect(server.received).toHaveLength(5);
    expect(new Set(server.received).size).toBe(5);
    expect(await db.pendingCount()).toBe(0);
  });
});

function seedPersons(count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    ids.push(id);
    server.put('person', {
      ...newPerson({ name: `对象${i}` }),
      id,
      createdAt: 'x',
      createdBy: 'u2',
      updatedAt: 'x',
    });
  }
  return ids;
}

describe('sync engine: pull', () => {
  it('[P6][C5] pages are pulled until `more` is false, each stored with its cursor', async () => {
    seedPersons(5);
    await engineFor(db, server, { pullLimit: 2 }).syncNow();
    expect(db.ids('person').length).toBe(5);
    expect(await db.cursor()).toBe('5');
    expect(db.ids('person').every((id) => (db.get('person', id)?._v ?? 0) > 0)).toBe(true);
  });

  it('[C5] the cursor never moves past a page the device could not store (Dexie #2331)', async () => {
    const ids = seedPersons(4);
    server.mapPull = (res) => ({
      ...res,
      changes: res.changes.map((c) =>
        c.id === ids[2] ? { ...c, data: { ...c.data, sex: '未知的新值' } } : c,
      ),
    });
    const engine = engineFor(db, server, { pullLimit: 2 });
    await engine.syncNow();
    expect(engine.getStatus().phase).toMatchObject({ kind: 'error', reason: 'invalid' });
    expect(await db.cursor()).toBe('2');
    expect(db.ids('person').length).toBe(2);

    server.mapPull = (r) => r; // the app was updated / the server fixed the record
    await engine.syncNow();
    expect(await db.cursor()).toBe('4');
    expect(db.ids('person').length).toBe(4);
  });

  it('[C5] an answer that breaks the protocol schema stores nothing and keeps the cursor', async () => {
    seedPersons(2);
    server.mapPull = (res) => ({
      ...res,
      changes: res.changes.map((c) => ({ ...c, kind: 'alien' as never })),
    });
    const engine = engineFor(db, server);
    // The fake transport skips validation; go through the real decoder as the fetch transport does.
    const { decodeAnswer } = await import('../../src/sync/transport.ts');
    const { pullResponseSchema } = await import('../../src/protocol/pull.ts');
    const t = server.transport();
    const strict = engineFor(db, server, {
      transport: {
        ...t,
        pull: async (req, token) =>
          decodeAnswer(200, JSON.stringify(await t.pull(req, token)), pullResponseSchema),
      },
    });
    await strict.syncNow();
    expect(strict.getStatus().phase).toMatchObject({ kind: 'error', reason: 'invalid_response' });
    expect(await db.cursor()).toBeNull();
    expect(db.ids('person').length).toBe(0);
    expect(engine.getStatus().phase.kind).toBe('idle');
  });

  it('[C2] a pulled record keeps the fields the worker changed and has not pushed yet', async () => {
    const p = await db.create('person', newPerson(), actor);
    await engineFor(db, server).syncNow();
    // A colleague changes the mobile and the address; this device changes the address offline.
    server.put('person', { id: p.id, mobile: '13900001111', address: '同事写的地址' });
    await db.update('person', p.id, { address: '我写的地址' }, actor);
    server.beforePush = () => {
      throw new NetworkError();
    };
    await db.applyPullPage(await server.pull({ protocolVersion: 1, clientId: newId(), cursor: '1' }, 't1'));
    const row = db.get('person', p.id);
    expect(row).toMatchObject({ mobile: '13900001111', address: '我写的地址', _v: 2 });
    expect(await db.pendingCount()).toBe(1);
  });

  it('[P11] a tombstone removes the local row', async () => {
    const [id] = seedPersons(1);
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(db.ids('person').length).toBe(1);
    server.remove('person', id ?? '');
    await engine.syncNow();
    expect(db.ids('person').length).toBe(0);
  });

  it('[C4] a pull acknowledges the entries the server applied, also when the push answer was lost', async () => {
    await db.create('person', newPerson({ communityId: COMMUNITY }), actor);
    server.afterPush = () => {
      throw new NetworkError();
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.pendingCount()).toBe(1);
    const clientId = await db.clientId();
    await db.applyPullPage(await server.pull({ protocolVersion: 1, clientId, cursor: null }, 't1'));
    expect(await db.pendingCount()).toBe(0);
  });
});

/** A device synced with one person of the server; returns the person's id. */
async function syncedWithOnePerson(): Promise<string> {
  const [id = ''] = seedPersons(1);
  await engineFor(db, server).syncNow();
  expect(db.ids('person')).toEqual([id]);
  return id;
}

describe('sync engine: a refused change and a restored server', () => {
  it('[C10] a refused change asks the server for just that record: no pull starts over, and the device holds the server copy', async () => {
    const id = await syncedWithOnePerson();
    await db.update('person', id, { address: '不被接受的地址' }, actor);
    server.refuse = (m) => (m.recordId === id ? 'forbidden' : null);
    server.pulls.length = 0;
    const engine = engineFor(db, server);
    await engine.syncNow();

    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0, rejected: 1 });
    expect(server.pulls.map((p) => p.refetch ?? [])).toEqual([[id]]);
    expect(server.pulls.every((p) => p.cursor !== null)).toBe(true);
    expect(db.get('person', id)).toMatchObject({ address: newPerson().address, _v: 1 });
    expect(await db.refetchIds(10)).toEqual([]);
    // Asked once: the next sync does not ask again.
    await engine.syncNow();
    expect(server.pulls.at(-1)?.refetch).toBeUndefined();
  });

  it('[C10] with a server that does not answer refetch, the device falls back to a pull from the beginning', async () => {
    const id = await syncedWithOnePerson();
    await db.update('person', id, { address: '不被接受的地址' }, actor);
    server.refuse = (m) => (m.recordId === id ? 'forbidden' : null);
    server.answersRefetch = false;
    server.pulls.length = 0;
    await engineFor(db, server).syncNow();

    expect(server.pulls.map((p) => p.cursor)).toEqual(['1', null]);
    expect(db.get('person', id)).toMatchObject({ address: newPerson().address, _v: 1 });
    expect(await db.refetchIds(10)).toEqual([]);
  });

  it('[C14] out_of_order after a server restore: the outbox is renumbered to follow the server, pushed, and the pull starts over', async () => {
    for (let i = 0; i < 3; i++) await db.create('person', newPerson({ name: `旧${i}` }), actor);
    const engine = engineFor(db, server);
    await engine.syncNow();
    const late = [
      await db.create('person', newPerson({ name: '新甲' }), actor),
      await db.create('person', newPerson({ name: '新乙' }), actor),
    ];
    server.restoreClient(await db.clientId(), 1);
    server.pulls.length = 0;
    await engine.syncNow();

    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
    expect(server.applied.slice(-2).map((m) => [m.recordId, m.seq])).toEqual([
      [late[0]?.id, 2],
      [late[1]?.id, 3],
    ]);
    expect(server.pulls[0]?.cursor).toBeNull();
    // The local seqs follow the server from now on.
    await db.create('person', newPerson({ name: '之后' }), actor);
    expect(db.outbox().map((e) => e.seq)).toEqual([4]);
  });

  it('[C14] an out_of_order that does not name the server lastSeq is not repaired: the error stays visible', async () => {
    await db.create('person', newPerson(), actor);
    const engine = engineFor(db, server);
    await engine.syncNow();
    await db.create('person', newPerson(), actor);
    server.namesLastSeq = false;
    server.restoreClient(await db.clientId(), 0);
    await engine.syncNow();
    expect(engine.getStatus()).toMatchObject({
      phase: { kind: 'error', reason: 'out_of_order' },
      pending: 1,
    });
    expect(db.outbox().map((e) => e.seq)).toEqual([2]);
  });

  it('[P9] the device clock never orders changes: edits made after the clock went back days are applied after, by seq', async () => {
    let now = new Date('2026-11-20T10:00:00Z');
    db = new MemoryReplica(() => now);
    const p = await db.create('person', newPerson(), actor);
    await db.update('person', p.id, { address: '先改的地址' }, actor);
    now = new Date('2026-11-17T10:00:00Z'); // the phone's clock was set back three days
    await db.update('person', p.id, { address: '后改的地址' }, actor);
    await engineFor(db, server, { clock: () => now }).syncNow();

    expect(server.applied.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(server.rows.get(p.id)?.change.data).toMatchObject({ address: '后改的地址' });
    expect(db.get('person', p.id)).toMatchObject({ address: '后改的地址', _v: 3 });
    expect(await db.cursor()).toBe('3');
  });
});
