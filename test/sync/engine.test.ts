import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, updateRecord } from '../../src/db/repository.ts';
import { getCursor } from '../../src/db/sync-store.ts';
import { NetworkError, HttpError } from '../../src/sync/errors.ts';
import { createMemoryLock } from '../../src/sync/lock.ts';
import { FakeServer } from './fake-server.ts';
import { dropDb, engineFor, openDb } from './helpers.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';
import { newId } from '../../src/model/ids.ts';

const actor = { userId: 'u-worker1' };
let db: ZoufangDB;
let server: FakeServer;

beforeEach(async () => {
  db = await openDb();
  server = new FakeServer();
});
afterEach(async () => {
  await dropDb(db);
});

describe('sync engine: push', () => {
  it('[C4] an outbox entry stays until the server acknowledges it, then leaves', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    server.beforePush = () => {
      throw new NetworkError();
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('unreachable');
    expect(await db.outbox.count()).toBe(1);

    server.beforePush = () => undefined;
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(server.applied.map((m) => m.recordId)).toEqual([p.id]);
    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
  });

  it('[P3][C4] a push whose response was lost after the commit is sent again and applied once', async () => {
    await createRecord(db, 'person', newPerson(), actor);
    let lose = true;
    server.afterPush = () => {
      if (lose) {
        lose = false;
        throw new NetworkError();
      }
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(1);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(server.applied).toHaveLength(1);
    expect(server.received).toHaveLength(2);
  });

  it('[C7] writes made while a push is in flight are pushed in the same sync (Replicache #42)', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    let wrote = false;
    server.beforePush = async () => {
      if (wrote) return;
      wrote = true;
      await createRecord(db, 'visit', newVisit(p.id), actor);
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(server.applied.map((m) => m.kind)).toEqual(['person', 'visit']);
    expect(engine.getStatus().phase.kind).toBe('synced');
  });

  it('[C7] a sync requested while one runs gets a round of its own after it', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const engine = engineFor(db, server);
    let second: Promise<void> | undefined;
    server.afterPush = async () => {
      if (second) return;
      await createRecord(db, 'visit', newVisit(p.id), actor);
      second = engine.syncNow();
    };
    const first = engine.syncNow();
    await first;
    await second;
    expect(await db.outbox.count()).toBe(0);
    expect(server.applied).toHaveLength(2);
  });

  it('[C6][P5] a refused mutation is kept with its reason and the queue behind it goes on', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const bad = await createRecord(db, 'visit', newVisit(p.id, { situation: '被拒绝' }), actor);
    const good = await createRecord(db, 'visit', newVisit(p.id), actor);
    server.refuse = (m) => (m.recordId === bad.id ? 'forbidden' : null);
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    const rejected = await db.rejected.toArray();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ recordId: bad.id, reason: 'forbidden', seq: 2 });
    expect(server.applied.map((m) => [m.recordId, m.seq])).toEqual([
      [p.id, 1],
      [good.id, 2],
    ]);
    // The device equals the server again: the refused record is not shown as if it were saved.
    expect(await db.visit.get(bad.id)).toBeUndefined();
    expect(await db.visit.get(good.id)).toBeDefined();
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 1, phase: { kind: 'synced' } });
  });

  it('[C9] a 401 keeps the outbox, asks for a login, and the queue goes once the worker signs in again', async () => {
    await createRecord(db, 'person', newPerson(), actor);
    let token = 'expired';
    const engine = engineFor(db, server, { getToken: () => Promise.resolve(token) });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('login-required');
    expect(await db.outbox.count()).toBe(1);
    // Not sent again with the refused token.
    const pushes = server.pushCount;
    await engine.syncNow();
    expect(server.pushCount).toBe(pushes);
    token = 't1';
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(engine.getStatus().phase.kind).toBe('synced');
  });

  it('[C9] without a session the engine asks for a login and sends nothing', async () => {
    await createRecord(db, 'person', newPerson(), actor);
    const engine = engineFor(db, server, { getToken: () => Promise.resolve(null) });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('login-required');
    expect(server.pushCount).toBe(0);
  });

  it('[P1] a protocol version mismatch asks for an update and keeps the outbox', async () => {
    await createRecord(db, 'person', newPerson(), actor);
    const transport = server.transport();
    const engine = engineFor(db, server, {
      transport: {
        ...transport,
        push: () => Promise.reject(new HttpError(409, 'protocol_version', 'old')),
      },
    });
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('update-required');
    expect(await db.outbox.count()).toBe(1);
  });

  it('[P4] a long queue goes in batches of at most the batch size, oldest first', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    for (let i = 0; i < 6; i++) await updateRecord(db, 'person', p.id, { address: `地址${i}` }, actor);
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
    const p = await createRecord(db, 'person', newPerson(), actor);
    for (let i = 0; i < 4; i++) await createRecord(db, 'visit', newVisit(p.id), actor);
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
    expect(await db.outbox.count()).toBe(0);
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
    expect(await db.person.count()).toBe(5);
    expect(await getCursor(db)).toBe('5');
    expect((await db.person.toArray()).every((r) => r._v > 0)).toBe(true);
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
    expect(await getCursor(db)).toBe('2');
    expect(await db.person.count()).toBe(2);

    server.mapPull = (r) => r; // the app was updated / the server fixed the record
    await engine.syncNow();
    expect(await getCursor(db)).toBe('4');
    expect(await db.person.count()).toBe(4);
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
    expect(await getCursor(db)).toBeNull();
    expect(await db.person.count()).toBe(0);
    expect(engine.getStatus().phase.kind).toBe('idle');
  });

  it('[C2] a pulled record keeps the fields the worker changed and has not pushed yet', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    await engineFor(db, server).syncNow();
    // A colleague changes the mobile and the address; this device changes the address offline.
    server.put('person', { id: p.id, mobile: '13900001111', address: '同事写的地址' });
    await updateRecord(db, 'person', p.id, { address: '我写的地址' }, actor);
    server.beforePush = () => {
      throw new NetworkError();
    };
    const { applyPullPage } = await import('../../src/db/sync-store.ts');
    await applyPullPage(db, await server.pull({ protocolVersion: 1, clientId: newId(), cursor: '1' }, 't1'));
    const row = await db.person.get(p.id);
    expect(row).toMatchObject({ mobile: '13900001111', address: '我写的地址', _v: 2 });
    expect(await db.outbox.count()).toBe(1);
  });

  it('[P11] a tombstone removes the local row', async () => {
    const [id] = seedPersons(1);
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.person.count()).toBe(1);
    server.remove('person', id ?? '');
    await engine.syncNow();
    expect(await db.person.count()).toBe(0);
  });

  it('[C4] a pull acknowledges the entries the server applied, also when the push answer was lost', async () => {
    await createRecord(db, 'person', newPerson({ communityId: COMMUNITY }), actor);
    server.afterPush = () => {
      throw new NetworkError();
    };
    const engine = engineFor(db, server);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(1);
    const { applyPullPage } = await import('../../src/db/sync-store.ts');
    const clientId = (await db.outbox.toArray())[0]?.clientId ?? '';
    await applyPullPage(db, await server.pull({ protocolVersion: 1, clientId, cursor: null }, 't1'));
    expect(await db.outbox.count()).toBe(0);
  });
});
