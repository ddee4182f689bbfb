import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord } from '../../src/db/repository.ts';
import { createSessionManager } from '../../src/sync/session.ts';
import { NetworkError, UnauthenticatedError } from '../../src/sync/errors.ts';
import { FakeServer } from './fake-server.ts';
import { dropDb, openDb } from './helpers.ts';
import { newPerson } from '../fixtures/records.ts';

let db: ZoufangDB;
beforeEach(async () => {
  db = await openDb();
});
afterEach(async () => {
  await dropDb(db);
});

describe('session', () => {
  it('a login is cached on the device and still there when offline', async () => {
    const server = new FakeServer();
    const online = createSessionManager({
      cache: createDexieReplica(db).session,
      transport: server.transport(),
    });
    const seen: (string | null)[] = [];
    online.subscribe((s) => seen.push(s?.user.username ?? null));
    const res = await online.login('worker1', 'zoufang-demo');
    expect(res.ok).toBe(true);
    const offline = createSessionManager({
      cache: createDexieReplica(db).session,
      transport: { ...server.transport(), login: () => Promise.reject(new NetworkError()) },
    });
    expect(await offline.getSession()).toMatchObject({ token: 't1', user: { username: 'worker1' } });
    expect(await offline.getToken()).toBe('t1');
    expect(seen).toEqual(['worker1']);
  });

  it('a failed login says why in Chinese and keeps the previous session', async () => {
    const server = new FakeServer();
    const ok = createSessionManager({ cache: createDexieReplica(db).session, transport: server.transport() });
    await ok.login('worker1', 'zoufang-demo');
    const wrong = createSessionManager({
      cache: createDexieReplica(db).session,
      transport: { ...server.transport(), login: () => Promise.reject(new UnauthenticatedError()) },
    });
    expect(await wrong.login('worker1', 'bad')).toEqual({
      ok: false,
      reason: 'unauthenticated',
      message: '用户名或密码不正确',
    });
    const offline = createSessionManager({
      cache: createDexieReplica(db).session,
      transport: { ...server.transport(), login: () => Promise.reject(new NetworkError()) },
    });
    expect(await offline.login('worker1', 'x')).toMatchObject({ ok: false, reason: 'network' });
    expect(await wrong.login('', '')).toMatchObject({ ok: false, reason: 'bad_request' });
    expect(await ok.getToken()).toBe('t1');
  });

  it('[C9] logging out forgets the session but keeps the outbox and the records', async () => {
    const server = new FakeServer();
    const s = createSessionManager({ cache: createDexieReplica(db).session, transport: server.transport() });
    await s.login('worker1', 'zoufang-demo');
    await createRecord(db, 'person', newPerson(), { userId: 'u-worker1' });
    await s.logout();
    expect(await s.getSession()).toBeNull();
    expect(await db.outbox.count()).toBe(1);
    expect(await db.person.count()).toBe(1);
  });
});
