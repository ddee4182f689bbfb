import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord, updateRecord } from '../../src/db/repository.ts';
import type { RecordLocation } from '../../src/model/records/location.ts';
import { DEMO_PASSWORD_DEFAULT } from '../../src/server/demo.ts';
import { createSyncEngine } from '../../src/sync/engine.ts';
import { createMemoryLock } from '../../src/sync/lock.ts';
import { createSessionManager } from '../../src/sync/session.ts';
import { createHttpTransport, type Send } from '../../src/sync/transport.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { TestClient, login, pushOk, startTestServer, type TestServer } from '../server/helpers.ts';

/**
 * The engine against the real server (SQLite): a community worker's phone keeps only 'a place was recorded' after
 * its first pull (SPEC.md S11), and its later correction — rebased over a colleague's — never takes the place off
 * the server (P10: only changed fields travel).
 */
const PLACE: RecordLocation = {
  status: 'ok',
  lat: 22.7084,
  lng: 114.3461,
  accuracyM: 12,
  at: '2026-12-01T08:00:00.000Z',
};

let server: TestServer;
let db: ZoufangDB;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  db.close();
  await db.delete();
  await server.close();
});

const send: Send = async (path, body, token) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const res = await server.app.inject({ method: 'POST', url: path, payload: JSON.stringify(body), headers });
  return { status: res.statusCode, text: res.body };
};

describe('a place on a community worker’s phone', () => {
  it('[S11] [P10] is hidden after the pull, and a correction rebased over staff’s edit keeps it on the server', async () => {
    db = new ZoufangDB(`location-strip-${process.pid}`);
    await db.open();
    const transport = createHttpTransport(send);
    const replica = createDexieReplica(db);
    const session = createSessionManager({ cache: replica.session, transport });
    const res = await session.login('worker1', DEMO_PASSWORD_DEFAULT);
    if (!res.ok) throw new Error(res.message);
    const engine = createSyncEngine({
      replica,
      transport,
      getToken: () => session.getToken(),
      lock: createMemoryLock(),
      random: () => 0.5,
      installTriggers: () => () => undefined,
      onLocalWrite: () => () => undefined,
      requestBackgroundSync: () => Promise.resolve(),
      isOnline: () => true,
    });
    const me = { userId: res.session.user.id };
    const p = await createRecord(db, 'person', newPerson(), me);
    const v = await createRecord(db, 'visit', newVisit(p.id, { location: PLACE }), me);
    await engine.syncNow();
    expect((await server.store.getRecord(v.id))?.data).toMatchObject({ location: PLACE });
    expect((await db.visit.get(v.id))?.location).toEqual({ status: 'hidden' });

    // Street staff correct another field; the phone corrects one offline before it has pulled that.
    const street = await login(server.app, 'street1');
    const c = new TestClient();
    const stored = await server.store.getRecord(v.id);
    await pushOk(server.app, street, c, [
      c.put('visit', v.id, { actionTaken: '已联系医院' }, stored?.version ?? 0),
    ]);
    await updateRecord(db, 'visit', v.id, { situation: '已复查' }, me);
    await engine.syncNow();

    expect(engine.getStatus().phase.kind).toBe('synced');
    expect((await server.store.getRecord(v.id))?.data).toMatchObject({
      situation: '已复查',
      actionTaken: '已联系医院',
      location: PLACE,
    });
    const after = await db.visit.get(v.id);
    expect(after).toMatchObject({
      situation: '已复查',
      actionTaken: '已联系医院',
      location: { status: 'hidden' },
    });
  });
});
