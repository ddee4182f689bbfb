import { afterEach, describe, expect, it } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { hashToken } from '../../src/server/auth/sessions.ts';
import { errorOf, login, startTestServer, type TestServer } from './helpers.ts';

describe('accounts and sessions', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function start(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
    server = await startTestServer(opts);
    return server;
  }

  it('[S5] a demo user logs in, is known to /me, and the token is stored only as its hash', async () => {
    const { app, store } = await start();
    const s = await login(app, 'worker1');
    expect(s.user).toMatchObject({
      username: 'worker1',
      role: 'community_worker',
      unitId: '440310001001',
      teamId: null,
    });
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(me.json()).toEqual(s.user);
    expect(await store.getSession(s.token)).toBeNull();
    expect(await store.getSession(hashToken(s.token))).not.toBeNull();
    expect((await store.getUserByUsername('worker1'))?.passwordHash).toMatch(/^scrypt\$/);
  });

  it('[S5] a wrong password or unknown user is refused with unauthenticated', async () => {
    const { app } = await start();
    for (const payload of [
      { username: 'worker1', password: 'wrong-password' },
      { username: 'nobody', password: 'zoufang-demo' },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).reason).toBe('unauthenticated');
    }
  });

  it('[S5] an expired or unknown token gets 401 unauthenticated', async () => {
    const { app, store } = await start();
    const user = await store.getUserByUsername('worker1');
    const token = 'expired-token-for-tests-0123456789';
    await store.createSession(hashToken(token), user?.id ?? '', new Date(Date.now() - 1000));
    for (const auth of [`Bearer ${token}`, 'Bearer unknown-token-0123456789', 'Basic abc', '']) {
      const res = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: auth } });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).reason).toBe('unauthenticated');
    }
  });

  it('[S5] logout ends the session', async () => {
    const { app } = await start();
    const s = await login(app, 'worker1');
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(me.statusCode).toBe(401);
  });

  it('a disabled user cannot log in and its sessions end', async () => {
    const { app } = await start();
    const admin = await login(app, 'admin');
    const s = await login(app, 'worker2');
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${s.user.id}`,
      headers: admin.headers,
      payload: { disabled: true },
    });
    expect(patch.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(
      401,
    );
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'worker2', password: 'zoufang-demo' },
    });
    expect(again.statusCode).toBe(403);
  });
});

describe('admin API', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is for the district admin only', async () => {
    server = await startTestServer();
    const street = await login(server.app, 'street1');
    for (const [method, url] of [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users'],
      ['GET', '/api/admin/org'],
      ['PUT', '/api/admin/org'],
    ] as const) {
      const res = await server.app.inject({ method, url, headers: street.headers, payload: {} });
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).reason).toBe('forbidden');
    }
  });

  it('creates users who can log in, refusing duplicates and roles placed at the wrong level', async () => {
    server = await startTestServer();
    const { app } = server;
    const admin = await login(app, 'admin');
    const create = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload });
    const ok = await create({
      username: 'worker9',
      password: 'long-enough',
      role: 'community_worker',
      unitId: '440310003001',
      displayName: '新社工',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ username: 'worker9', unitId: '440310003001', disabled: false });
    expect(ok.body).not.toContain('scrypt');
    expect((await login(app, 'worker9', 'long-enough')).user.displayName).toBe('新社工');
    const leader = await create({
      username: 'leader9',
      password: 'long-enough',
      role: 'team_leader',
      teamId: 'team-440310002000',
    });
    expect(leader.json()).toMatchObject({ unitId: '440310002000', teamId: 'team-440310002000' });

    const dup = await create({
      username: 'worker9',
      password: 'long-enough',
      role: 'community_worker',
      unitId: '440310003001',
    });
    expect(dup.statusCode).toBe(409);
    const wrongLevel = await create({
      username: 'x1',
      password: 'long-enough',
      role: 'community_worker',
      unitId: '440310001000',
    });
    expect(wrongLevel.statusCode).toBe(400);
    const noTeam = await create({
      username: 'x2',
      password: 'long-enough',
      role: 'team_leader',
      teamId: 'team-nope',
    });
    expect(noTeam.statusCode).toBe(400);
    const short = await create({
      username: 'x3',
      password: 'short',
      role: 'district_admin',
      unitId: '440310000000',
    });
    expect(short.statusCode).toBe(400);
    const list = await app.inject({ method: 'GET', url: '/api/admin/users', headers: admin.headers });
    expect(list.json<{ users: { username: string }[] }>().users.map((u) => u.username)).toContain('worker9');
  });

  it('changes a user and a new password ends its sessions', async () => {
    server = await startTestServer();
    const { app } = server;
    const admin = await login(app, 'admin');
    const w = await login(app, 'worker1');
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${w.user.id}`,
      headers: admin.headers,
      payload: { role: 'street_staff', unitId: '440310001000', password: 'new-password' },
    });
    expect(res.json()).toMatchObject({ role: 'street_staff', unitId: '440310001000' });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: w.headers })).statusCode).toBe(
      401,
    );
    expect((await login(app, 'worker1', 'new-password')).user.role).toBe('street_staff');
    const adminSelf = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${admin.user.id}`,
      headers: admin.headers,
      payload: { disabled: true },
    });
    expect(adminSelf.statusCode).toBe(409);
    const unknown = await app.inject({
      method: 'PATCH',
      url: '/api/admin/users/nobody',
      headers: admin.headers,
      payload: { disabled: true },
    });
    expect(unknown.statusCode).toBe(404);
    const extra = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${w.user.id}`,
      headers: admin.headers,
      payload: { passwordHash: 'x' },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('replaces the org tree only with a consistent one that keeps every user placed', async () => {
    server = await startTestServer();
    const { app } = server;
    const admin = await login(app, 'admin');
    const put = (payload: unknown) =>
      app.inject({
        method: 'PUT',
        url: '/api/admin/org',
        headers: admin.headers,
        payload: payload as object,
      });
    const tree = pingshanTree();
    const renamed = {
      ...tree,
      units: tree.units.map((u) => (u.id === '440310004001' ? { ...u, name: '金龟村' } : u)),
    };
    expect((await put(renamed)).statusCode).toBe(200);
    const got = await app.inject({ method: 'GET', url: '/api/org', headers: admin.headers });
    expect(JSON.stringify(got.json())).toContain('金龟村');

    const orphan = {
      ...tree,
      units: [...tree.units, { id: 'x', name: '孤儿', level: 'community', parentId: 'nope' }],
    };
    expect((await put(orphan)).statusCode).toBe(400);
    const twoRoots = {
      ...tree,
      units: [...tree.units, { id: 'y', name: '另一区', level: 'district', parentId: null }],
    };
    expect((await put(twoRoots)).statusCode).toBe(400);
    const badLevel = {
      ...tree,
      units: [...tree.units, { id: 'z', name: '错层', level: 'community', parentId: '440310000000' }],
    };
    expect((await put(badLevel)).statusCode).toBe(400);
    const badTeam = { ...tree, teams: [...tree.teams, { id: 't', name: '无单位', unitId: 'nope' }] };
    expect((await put(badTeam)).statusCode).toBe(400);
    const withoutLiulian = {
      units: tree.units.filter((u) => u.id !== '440310001001'),
      teams: tree.teams.filter((t) => t.unitId !== '440310001001'),
    };
    const stranded = await put(withoutLiulian);
    expect(stranded.statusCode).toBe(409);
    expect(errorOf(stranded).details).toMatchObject({
      usernames: expect.arrayContaining(['worker1', 'worker2']),
    });
    expect((await put({ units: 'nope' })).statusCode).toBe(400);
  });
});
