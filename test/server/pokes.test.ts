import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { seedDemo } from '../../src/server/demo.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import { touchesArea } from '../../src/server/replication/scope.ts';
import type { Store } from '../../src/server/storage/store.ts';
import { OTHER_COMMUNITY } from '../fixtures/records.ts';
import { openEventStream, type EventStream } from './event-stream.ts';
import { TestClient, login, makePerson, pushOk, type Session } from './helpers.ts';

const LIUHE = '440310001002'; // 六和社区, the other community of 坪山街道

function versionOf(data: string): number {
  const body = JSON.parse(data) as Record<string, unknown>;
  // A poke is a hint, never data (C16): the version and nothing else.
  expect(Object.keys(body)).toEqual(['version']);
  return body['version'] as number;
}

describe('poke streams (SQLite, one process)', () => {
  let store: Store;
  let app: FastifyInstance;
  let url = '';
  let w1: Session;
  let w2: Session;
  let w3: Session;
  let street: Session;
  let admin: Session;
  const open: EventStream[] = [];
  const stream = async (s: Session | null, clientId?: string) => {
    const es = await openEventStream(url, s?.token ?? null, clientId);
    open.push(es);
    return es;
  };

  beforeAll(async () => {
    store = SqliteStore.open(':memory:');
    await seedDemo(store);
    app = await buildApp({
      store,
      staticDir: null,
      loginThrottle: { perAccount: 1_000_000, perAddress: 1_000_000, windowMs: 60_000 },
      pokes: { heartbeatMs: 100 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
    w1 = await login(app, 'worker1');
    w2 = await login(app, 'worker2');
    w3 = await login(app, 'worker3');
    street = await login(app, 'street1');
    admin = await login(app, 'admin');
  });
  afterEach(() => {
    for (const es of open.splice(0)) es.close();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('[C16] refuses a stream without a session (401), before any event', async () => {
    const es = await stream(null);
    expect(es.status).toBe(401);
  });

  it('[C16] a push by worker2 pokes worker1 (same community), not the pushing device itself', async () => {
    const c2 = new TestClient();
    const mine = await stream(w2, c2.clientId);
    const other = await stream(w1);
    await mine.next('ready');
    await other.next('ready');
    const first = await pushOk(app, w2, c2, [c2.create('person', makePerson(w2.user.id))]);
    expect(versionOf((await other.next('poke')).data)).toBe(first.version);
    // The device's own push is not echoed: its stream's next poke is the colleague's change, not its own.
    const c1 = new TestClient();
    const second = await pushOk(app, w1, c1, [c1.create('person', makePerson(w1.user.id))]);
    expect(versionOf((await mine.next('poke')).data)).toBe(second.version);
  });

  it('[C16] a change in another community does not poke (the pull area decides, S2)', async () => {
    const es1 = await stream(w1);
    const es3 = await stream(w3);
    await es1.next('ready');
    await es3.next('ready');
    const c3 = new TestClient();
    const elsewhere = await pushOk(app, w3, c3, [
      c3.create('person', makePerson(w3.user.id, { communityId: OTHER_COMMUNITY })),
    ]);
    expect(versionOf((await es3.next('poke')).data)).toBe(elsewhere.version);
    const c2 = new TestClient();
    const here = await pushOk(app, w2, c2, [c2.create('person', makePerson(w2.user.id))]);
    // worker1's first poke is the change of its own community: none came for 坪环's.
    expect(versionOf((await es1.next('poke')).data)).toBe(here.version);
  });

  it('[C16] [S2] a record moved to another community pokes the community it left', async () => {
    const cs = new TestClient();
    const person = makePerson(street.user.id);
    const created = await pushOk(app, street, cs, [cs.create('person', person)]);
    const es1 = await stream(w1);
    await es1.next('ready');
    const moved = await pushOk(app, street, cs, [
      cs.put('person', person.id, { communityId: LIUHE }, created.version),
    ]);
    expect(versionOf((await es1.next('poke')).data)).toBe(moved.version);
  });

  it('[C16] an admin import pokes the devices of the imported community', async () => {
    const es1 = await stream(w1);
    await es1.next('ready');
    const csv = [
      '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期',
      '张建国,男,34052419800101001X,13812341234,某路1号,六联社区,退役士兵,重点联系,在册,2023-03-20',
    ].join('\r\n');
    const res = await fetch(`${url}/api/admin/import/commit?name=registry.csv`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(versionOf((await es1.next('poke')).data)).toBe(await store.currentVersion());
  });

  it('[C16] an org tree change pokes every stream (areas may have moved)', async () => {
    const es3 = await stream(w3);
    await es3.next('ready');
    const tree = await (await fetch(`${url}/api/admin/org`, { headers: admin.headers })).json();
    const res = await fetch(`${url}/api/admin/org`, {
      method: 'PUT',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify(tree),
    });
    expect(res.status).toBe(200);
    await es3.next('poke');
  });

  it('[C16] sends heartbeat comments on an idle stream', async () => {
    const es = await stream(w1);
    await es.next('ready');
    await new Promise((r) => setTimeout(r, 350));
    expect(es.comments).toBeGreaterThanOrEqual(2);
  });
});

describe('poke stream lifetime', () => {
  it('[C16] a stream ends after its maximum age (the device reconnects and authenticates again)', async () => {
    const store = SqliteStore.open(':memory:');
    await seedDemo(store);
    const app = await buildApp({ store, staticDir: null, pokes: { maxAgeMs: 150 } });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address();
      const url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
      const s = await login(app, 'worker1');
      const es = await openEventStream(url, s.token);
      await es.next('ready');
      await es.ended;
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('app.close() ends open streams and drops spare and idle keep-alive connections at once', async () => {
    const store = SqliteStore.open(':memory:');
    await seedDemo(store);
    const app = await buildApp({ store, staticDir: null });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
    const s = await login(app, 'worker1');
    const es = await openEventStream(url, s.token);
    await es.next('ready');
    // A spare connection that never carried a request (browsers open them ahead of time), and a kept-alive one.
    const spare = connect(Number(new URL(url).port), '127.0.0.1');
    await new Promise((r) => spare.once('connect', r));
    expect((await fetch(`${url}/api/org`, { headers: s.headers })).status).toBe(200);
    const t0 = Date.now();
    await app.close();
    await es.ended;
    expect(Date.now() - t0).toBeLessThan(1_000);
    spare.destroy();
    await store.close();
  });
});

function places(unitIds: string[], teamIds: string[] = []) {
  return { unitIds, teamIds };
}

describe('touchesArea', () => {
  it('[C16] [S2] matches a unit area by any changed unit (now or left), a team area by its team, the root always', () => {
    const community = { unitIds: ['440310001001'] };
    expect(touchesArea(community, places(['440310001002', '440310001001']))).toBe(true);
    expect(touchesArea(community, places([OTHER_COMMUNITY]))).toBe(false);
    const team = { teamId: 'team-1' };
    expect(touchesArea(team, places(['440310001001'], ['team-1']))).toBe(true);
    expect(touchesArea(team, places(['440310001001'], ['team-2']))).toBe(false);
    expect(touchesArea({ all: true }, places([]))).toBe(true);
  });
});
