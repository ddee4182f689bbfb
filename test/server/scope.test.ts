import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_COMMUNITY } from '../fixtures/records.ts';
import {
  TestClient,
  errorOf,
  login,
  makeActivity,
  makePerson,
  makeVisit,
  pull,
  pullAll,
  push,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

/** 六联 and 坪环 belong to different streets; 六和 (440310001002) is a second community of 坪山街道. */
const LIULIAN = '440310001001';
const LIUHE = '440310001002';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('area scope on %s', (_name, pg) => {
  let server: TestServer;
  const s: Record<string, Session> = {};
  const ids = { liulian: '', pinghuan: '', liuhe: '', streetActivity: '', otherActivity: '' };

  beforeAll(async () => {
    server = await startTestServer({ pg });
    for (const u of ['admin', 'street1', 'worker1', 'worker2', 'worker3', 'leader1']) {
      s[u] = await login(server.app, u);
    }
    const admin = as('admin');
    const c = new TestClient();
    const liulian = makePerson(admin.user.id, { name: '六联人' });
    const pinghuan = makePerson(admin.user.id, { name: '坪环人', communityId: OTHER_COMMUNITY });
    const liuhe = makePerson(admin.user.id, { name: '六和人', communityId: LIUHE });
    const streetActivity = makeActivity(admin.user.id);
    const otherActivity = makeActivity(admin.user.id, {
      teamId: 'team-440310002000',
      unitId: '440310002000',
    });
    await pushOk(server.app, admin, c, [
      c.create('person', liulian),
      c.create('person', pinghuan),
      c.create('person', liuhe),
      c.create('activity', streetActivity),
      c.create('activity', otherActivity),
    ]);
    Object.assign(ids, {
      liulian: liulian.id,
      pinghuan: pinghuan.id,
      liuhe: liuhe.id,
      streetActivity: streetActivity.id,
      otherActivity: otherActivity.id,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  function as(u: string): Session {
    const session = s[u];
    if (!session) throw new Error(`no session ${u}`);
    return session;
  }

  async function visible(u: string): Promise<string[]> {
    return (await pullAll(server.app, as(u), new TestClient())).changes.map((c) => c.id);
  }

  it('[S1] [S2] each role pulls exactly its area', async () => {
    const { liulian, pinghuan, liuhe, streetActivity, otherActivity } = ids;
    expect(new Set(await visible('worker1'))).toEqual(new Set([liulian]));
    expect(new Set(await visible('worker3'))).toEqual(new Set([pinghuan]));
    expect(new Set(await visible('street1'))).toEqual(new Set([liulian, liuhe, streetActivity]));
    expect(new Set(await visible('leader1'))).toEqual(new Set([streetActivity]));
    expect(new Set(await visible('admin'))).toEqual(
      new Set([liulian, pinghuan, liuhe, streetActivity, otherActivity]),
    );
  });

  it("[S3] a worker cannot create, edit or delete another community's person, and nothing is stored", async () => {
    const w3 = as('worker3');
    const c = new TestClient();
    const before = await server.store.currentVersion();
    const create = await push(server.app, w3, c.pushBody([c.create('person', makePerson(w3.user.id))]));
    expect(create.statusCode).toBe(403);
    expect(errorOf(create).reason).toBe('forbidden');
    c.seq = 0;
    const edit = await push(server.app, w3, c.pushBody([c.put('person', ids.liulian, { name: '越权' }, 0)]));
    expect(edit.statusCode).toBe(403);
    c.seq = 0;
    const del = await push(server.app, w3, c.pushBody([c.delete('person', ids.liulian, 0)]));
    expect(del.statusCode).toBe(403);
    expect(await server.store.currentVersion()).toBe(before);
    expect((await server.store.getRecord(ids.liulian))?.data?.['name']).toBe('六联人');
  });

  it('[S3] a worker cannot move a person out of its community (the area after the change counts too)', async () => {
    const w1 = as('worker1');
    const c = new TestClient();
    const res = await push(
      server.app,
      w1,
      c.pushBody([c.put('person', ids.liulian, { communityId: LIUHE }, 0)]),
    );
    expect(res.statusCode).toBe(403);
    expect((await server.store.getRecord(ids.liulian))?.unitId).toBe(LIULIAN);
  });

  it("[S3] a worker cannot attach a visit to another community's person", async () => {
    const w1 = as('worker1');
    const c = new TestClient();
    const res = await push(
      server.app,
      w1,
      c.pushBody([c.create('visit', makeVisit(w1.user.id, ids.pinghuan))]),
    );
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).details).toMatchObject({ field: 'personId', id: ids.pinghuan });
  });

  it('[S3] street staff write within their street, not in another street', async () => {
    const st = as('street1');
    const c = new TestClient();
    await pushOk(server.app, st, c, [c.put('person', ids.liuhe, { householdNotes: '街道补充' }, 0)]);
    const res = await push(
      server.app,
      st,
      c.pushBody([c.put('person', ids.pinghuan, { householdNotes: '越界' }, 0)]),
    );
    expect(res.statusCode).toBe(403);
    expect((await server.store.getRecord(ids.pinghuan))?.data?.['householdNotes']).toBe('');
  });

  it("[S1] [S3] a team leader writes only its team's activities", async () => {
    const leader = as('leader1');
    const c = new TestClient();
    await pushOk(server.app, leader, c, [
      c.create('activity', makeActivity(leader.user.id, { title: '队长新建' })),
    ]);
    const other = await push(
      server.app,
      leader,
      c.pushBody([
        c.create(
          'activity',
          makeActivity(leader.user.id, { teamId: 'team-440310002000', unitId: '440310002000' }),
        ),
      ]),
    );
    expect(other.statusCode).toBe(403);
    c.seq = 1;
    const person = await push(
      server.app,
      leader,
      c.pushBody([c.create('person', makePerson(leader.user.id))]),
    );
    expect(person.statusCode).toBe(403);
  });

  it('[S2] a person moved to another community reaches the old community as a tombstone', async () => {
    const w1 = as('worker1');
    const st = as('street1');
    const wc = new TestClient();
    const person = makePerson(w1.user.id, { name: '将迁出' });
    await pushOk(server.app, w1, wc, [wc.create('person', person)]);
    const before = await pullAll(server.app, w1, wc);
    expect(before.changes.find((c) => c.id === person.id)?.deleted).toBe(false);
    const sc = new TestClient();
    const v = (await server.store.getRecord(person.id))?.version ?? 0;
    await pushOk(server.app, st, sc, [sc.put('person', person.id, { communityId: LIUHE }, v)]);
    const after = await pullAll(server.app, w1, wc, before.last.cursor);
    expect(after.changes.filter((c) => c.id === person.id)).toEqual([
      { kind: 'person', id: person.id, version: expect.any(Number), deleted: true, data: null },
    ]);
    const streetView = await pullAll(server.app, st, new TestClient());
    expect(streetView.changes.find((c) => c.id === person.id)?.data?.['communityId']).toBe(LIUHE);
  });

  it('[S2] a user moved to another unit pulls its new area from the start, even with an old cursor', async () => {
    const admin = as('admin');
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: {
        username: 'mover',
        password: 'long-enough',
        role: 'community_worker',
        unitId: OTHER_COMMUNITY,
      },
    });
    expect(created.statusCode).toBe(201);
    const mover = await login(server.app, 'mover', 'long-enough');
    const c = new TestClient();
    const before = await pullAll(server.app, mover, c);
    expect(before.changes.map((x) => x.id)).not.toContain(ids.liulian);
    await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${mover.user.id}`,
      headers: admin.headers,
      payload: { unitId: LIULIAN },
    });
    const after = await pullAll(server.app, mover, c, before.last.cursor);
    expect(after.changes.map((x) => x.id)).toContain(ids.liulian);
  });

  it("[S4] a client id belongs to the first user that pushed with it: another user's push and pull are refused", async () => {
    const c = new TestClient();
    await pushOk(server.app, as('worker1'), c, [c.put('person', ids.liulian, { address: '某地' }, 0)]);
    const res = await push(
      server.app,
      as('worker2'),
      c.pushBody([c.put('person', ids.liulian, { address: '他地' }, 0)]),
    );
    expect(res.statusCode).toBe(403);
    const p = await pull(server.app, as('worker2'), c.pullBody());
    expect(p.statusCode).toBe(403);
  });

  it('[S5] sync without a session is refused with unauthenticated', async () => {
    const c = new TestClient();
    const res = await server.app.inject({ method: 'POST', url: '/api/sync/pull', payload: c.pullBody() });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).reason).toBe('unauthenticated');
  });
});
