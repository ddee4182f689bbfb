import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, updateRecord } from '../../src/db/repository.ts';
import { KINDS } from '../../src/model/kinds.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine.ts';
import { NetworkError } from '../../src/sync/errors.ts';
import { createMemoryLock } from '../../src/sync/lock.ts';
import { createSessionManager } from '../../src/sync/session.ts';
import { createHttpTransport, type Send } from '../../src/sync/transport.ts';
import { COMMUNITY, OTHER_COMMUNITY, newPerson } from '../fixtures/records.ts';
import {
  TestClient,
  login,
  makePerson,
  makeVisit,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from '../server/helpers.ts';

/**
 * The engine against the real server (SQLite): a worker the admin moves to another community ends with exactly
 * the new community's records on the phone (SPEC.md P6, C13 — PIPL: a phone holds only its own area).
 */
const PASSWORD = 'long-enough';

let server: TestServer;
let admin: Session;
let n = 0;
const open: ZoufangDB[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await login(server.app, 'admin');
  const c = new TestClient();
  const a = makePerson(admin.user.id, { name: '六联甲' });
  const b = makePerson(admin.user.id, { name: '六联乙' });
  const x = makePerson(admin.user.id, { name: '坪环甲', communityId: OTHER_COMMUNITY });
  const y = makePerson(admin.user.id, { name: '坪环乙', communityId: OTHER_COMMUNITY });
  await pushOk(server.app, admin, c, [
    c.create('person', a),
    c.create('person', b),
    c.create('visit', makeVisit(admin.user.id, a.id)),
    c.create('person', x),
    c.create('person', y),
    c.create('visit', makeVisit(admin.user.id, x.id, { communityId: OTHER_COMMUNITY })),
  ]);
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  signal = null;
  for (const db of open.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** When set, says whether a request gets through; one that does not gets no answer (the signal dropped). */
let signal: ((path: string) => boolean) | null = null;
/** Whether each pull answer said `reset`, in order. */
const pullResets: boolean[] = [];

const send: Send = async (path, body, token) => {
  if (signal !== null && !signal(path)) throw new NetworkError();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const res = await server.app.inject({ method: 'POST', url: path, payload: JSON.stringify(body), headers });
  if (path.endsWith('/pull') && res.statusCode === 200) {
    pullResets.push(res.json<{ reset?: boolean }>().reset === true);
  }
  return { status: res.statusCode, text: res.body };
};

/** A signal that lets `pulls` more pulls through, then nothing (pushes too stop once pulls do). */
function dropsAfterPulls(pulls: number): (path: string) => boolean {
  let left = pulls;
  return (path) => {
    if (left <= 0) return false;
    if (path.endsWith('/pull')) left--;
    return true;
  };
}

async function adminCall(method: 'POST' | 'PATCH', url: string, payload: object): Promise<void> {
  const res = await server.app.inject({ method, url, headers: admin.headers, payload });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
}

/** A new community worker of 六联 and a phone signed in as that worker. */
async function workerWithPhone(): Promise<{ userId: string; db: ZoufangDB; engine: SyncEngine }> {
  const username = `mover${++n}`;
  await adminCall('POST', '/api/admin/users', {
    username,
    password: PASSWORD,
    role: 'community_worker',
    unitId: COMMUNITY,
  });
  const db = new ZoufangDB(`area-move-${process.pid}-${n}`);
  open.push(db);
  await db.open();
  const transport = createHttpTransport(send);
  const replica = createDexieReplica(db);
  const session = createSessionManager({ cache: replica.session, transport });
  const res = await session.login(username, PASSWORD);
  if (!res.ok) throw new Error(`login ${username}: ${res.message}`);
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
    // Several pages per pull: only the last page of a restart may drop anything (C13).
    pullLimit: 2,
  });
  return { userId: res.session.user.id, db, engine };
}

const moveTo = (userId: string, unitId: string) =>
  adminCall('PATCH', `/api/admin/users/${userId}`, { unitId });

/** Ids of every record on the phone, sorted. */
async function onPhone(db: ZoufangDB): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of KINDS) ids.push(...(await db.table_(kind).toCollection().primaryKeys()));
  return ids.sort();
}

/** Ids of the server's live records of one community, sorted. */
async function ofCommunity(unitId: string): Promise<string[]> {
  const rows = await server.store.scanRecords({ kinds: [...KINDS], unitIds: [unitId] });
  return rows.map((r) => r.id).sort();
}

describe('a worker moved to another community (C13)', () => {
  it("[C13] ends with exactly the new community's records on the phone", async () => {
    const { userId, db, engine } = await workerWithPhone();
    await engine.syncNow();
    expect(await onPhone(db)).toEqual(await ofCommunity(COMMUNITY));

    await moveTo(userId, OTHER_COMMUNITY);
    await engine.syncNow();

    expect(engine.getStatus().phase.kind).toBe('synced');
    expect(await onPhone(db)).toEqual(await ofCommunity(OTHER_COMMUNITY));
  });

  it('[C13] [C10] with an edit of the old community still pending, the edit is kept as refused and the phone holds only the new community', async () => {
    const { userId, db, engine } = await workerWithPhone();
    await engine.syncNow();
    const [person] = await db.person.where('communityId').equals(COMMUNITY).toArray();
    if (!person) throw new Error('expected a person of 六联 on the phone');
    await updateRecord(db, 'person', person.id, { address: '搬走前改的地址' }, { userId });

    await moveTo(userId, OTHER_COMMUNITY);
    await engine.syncNow();

    expect(engine.getStatus().phase.kind).toBe('synced');
    expect(await onPhone(db)).toEqual(await ofCommunity(OTHER_COMMUNITY));
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.toArray()).toMatchObject([{ recordId: person.id, reason: 'forbidden' }]);
  });

  it('[C13] a signal lost after the first page of the new community keeps the old one on the phone, and the next sync goes on from its cursor, keeps what the worker typed meanwhile and sweeps the old community at its end', async () => {
    const { userId, db, engine } = await workerWithPhone();
    await engine.syncNow();
    const oldCommunity = await ofCommunity(COMMUNITY);

    await moveTo(userId, OTHER_COMMUNITY);
    signal = dropsAfterPulls(1);
    await engine.syncNow();

    expect(engine.getStatus().phase.kind).toBe('unreachable');
    const onPhoneOffline = await onPhone(db);
    expect(onPhoneOffline).toEqual(expect.arrayContaining(oldCommunity));
    expect(onPhoneOffline.length).toBeGreaterThan(oldCommunity.length);
    // Offline, at the door of a person of the new community: the worker records one the phone did not have.
    const typed = await createRecord(
      db,
      'person',
      newPerson({ name: '断网时新建', communityId: OTHER_COMMUNITY }),
      { userId },
    );

    signal = null;
    pullResets.length = 0;
    await engine.syncNow();

    expect(engine.getStatus().phase.kind).toBe('synced');
    // The pull went on from the stored cursor: no page of it started over.
    expect(pullResets.length).toBeGreaterThan(0);
    expect(pullResets).not.toContain(true);
    const newCommunity = await ofCommunity(OTHER_COMMUNITY);
    expect(newCommunity).toContain(typed.id);
    expect(await onPhone(db)).toEqual(newCommunity);
    expect(await db.staleAfterReset.count()).toBe(0);
  });
});
