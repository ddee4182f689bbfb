import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/protocol/push.ts';
import { PROTOCOL_VERSION } from '../../src/protocol/version.ts';
import { buildApp } from '../../src/server/app.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import {
  TestClient,
  errorOf,
  login,
  makePerson,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

/** Every JSON endpoint with a body, and a session that may call it. */
const ENDPOINTS = [
  ['POST', '/api/auth/login', null],
  ['POST', '/api/sync/push', 'worker1'],
  ['POST', '/api/sync/pull', 'worker1'],
  ['POST', '/api/admin/users', 'admin'],
  ['PUT', '/api/admin/org', 'admin'],
] as const;

describe('[P14] bad input gets a 4xx with a reason and stores nothing, never a 5xx', () => {
  let server: TestServer;
  const sessions: Record<string, Session> = {};

  beforeAll(async () => {
    server = await startTestServer();
    sessions['worker1'] = await login(server.app, 'worker1');
    sessions['admin'] = await login(server.app, 'admin');
  });
  afterAll(async () => {
    await server.close();
  });

  function headers(user: string | null): Record<string, string> {
    const s = user === null ? undefined : sessions[user];
    return { 'content-type': 'application/json', ...(s ? s.headers : {}) };
  }

  async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
    const before = await server.store.currentVersion();
    const users = (await server.store.listUsers()).length;
    const org = await server.store.getOrg();
    const result = await fn();
    expect(await server.store.currentVersion()).toBe(before);
    expect((await server.store.listUsers()).length).toBe(users);
    expect(await server.store.getOrg()).toEqual(org);
    return result;
  }

  it.each(ENDPOINTS)('%s %s: malformed JSON → 400 bad_request', async (method, url, user) => {
    for (const payload of ['{"protocolVersion": 1,', '{', 'nul', '{"a":1}}', '\u0000']) {
      const res = await unchanged(() => server.app.inject({ method, url, headers: headers(user), payload }));
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).reason).toBe('bad_request');
    }
  });

  it.each(ENDPOINTS)('%s %s: wrong types and wrong shapes → 400 bad_request', async (method, url, user) => {
    for (const payload of [
      'null',
      '[]',
      '"text"',
      '42',
      '{"protocolVersion":"1","clientId":5,"username":[1]}',
    ]) {
      const res = await unchanged(() => server.app.inject({ method, url, headers: headers(user), payload }));
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).reason).toBe('bad_request');
    }
  });

  it.each(ENDPOINTS)('%s %s: a body over 4 MiB → 413 too_large', async (method, url, user) => {
    const payload = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) });
    const res = await unchanged(() => server.app.inject({ method, url, headers: headers(user), payload }));
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).reason).toBe('too_large');
  });

  it.each(ENDPOINTS)('%s %s: a body that is not JSON → 4xx', async (method, url, user) => {
    const res = await unchanged(() =>
      server.app.inject({
        method,
        url,
        headers: { ...headers(user), 'content-type': 'text/plain' },
        payload: 'hello',
      }),
    );
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(errorOf(res).reason).toBe('bad_request');
  });

  it('a push with an unknown kind, a non-UUID id, too many mutations or a prototype key → 400', async () => {
    const w = sessions['worker1'];
    if (!w) throw new Error('no session');
    const c = new TestClient();
    const person = makePerson(w.user.id);
    const good = c.create('person', person);
    const bodies = [
      c.pushBody([{ ...good, kind: 'veteranCat' }]),
      c.pushBody([{ ...good, recordId: '../../etc/passwd' }]),
      c.pushBody([{ ...good, seq: 0 }]),
      c.pushBody([{ ...good, seq: 1.5 }]),
      c.pushBody([{ ...good, op: 'drop' }]),
      c.pushBody([{ ...good, fields: 'all' }]),
      // P16: a version 1 push whose mutation names another client.
      { ...c.pushBody([{ ...good, clientId: makePerson('x').id }]), protocolVersion: 1 },
      c.pushBody([]),
      c.pushBody(Array.from({ length: 501 }, (_, i) => ({ ...good, seq: i + 1 }))),
      { protocolVersion: PROTOCOL_VERSION, clientId: 'not-a-uuid', mutations: [good] },
    ];
    for (const body of bodies) {
      const res = await unchanged(() =>
        server.app.inject({ method: 'POST', url: '/api/sync/push', headers: w.headers, payload: body }),
      );
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).reason).toBe('bad_request');
    }
    const proto = `{"protocolVersion":${PROTOCOL_VERSION},"clientId":"${c.clientId}","__proto__":{"x":1},"mutations":[]}`;
    const res = await unchanged(() =>
      server.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: headers('worker1'),
        payload: proto,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(await server.store.getRecord(person.id)).toBeNull();
  });

  it('a pull with a forged cursor or a limit out of range → 400', async () => {
    const w = sessions['worker1'];
    if (!w) throw new Error('no session');
    const c = new TestClient();
    for (const body of [
      c.pullBody('not-a-cursor!'),
      c.pullBody(Buffer.from('9.x; DROP TABLE records').toString('base64url')),
      c.pullBody(null, 5000),
      { ...c.pullBody(), limit: -1 },
    ]) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: w.headers,
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).reason).toBe('bad_request');
    }
  });

  it('an unknown API path → 404 not_found as JSON; health answers ok', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/nothing',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).reason).toBe('not_found');
    expect((await server.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ ok: true });
  });
});

describe('serving the PWA', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let store: SqliteStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zoufang-dist-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>走访通</title>');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    store = SqliteStore.open(':memory:');
    app = await buildApp({ store, staticDir: dir });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves sw.js with Cache-Control: no-cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a page navigation outside /api with the app shell, and /api paths with JSON', async () => {
    const nav = await app.inject({
      method: 'GET',
      url: '/persons/123',
      headers: { accept: 'text/html,*/*' },
    });
    expect(nav.statusCode).toBe(200);
    expect(nav.body).toContain('走访通');
    const asset = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } });
    expect(asset.statusCode).toBe(404);
    const api = await app.inject({ method: 'GET', url: '/api/missing', headers: { accept: 'text/html' } });
    expect(api.headers['content-type']).toContain('application/json');
  });
});
