import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_AUTHOR_REASON } from '../../src/model/corrections.ts';
import { recordHistoryPath, recordHistorySchema } from '../../src/protocol/record-history.ts';
import {
  TestClient,
  errorOf,
  login,
  makePerson,
  makeVisit,
  pullAll,
  push,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('corrections and voids on %s', (_name, pg) => {
  let server: TestServer;
  const s: Record<string, Session> = {};
  let personId = '';

  beforeAll(async () => {
    server = await startTestServer({ pg });
    for (const u of ['street1', 'worker1', 'worker2']) s[u] = await login(server.app, u);
    const person = makePerson(as('worker1').user.id);
    personId = person.id;
    const c = new TestClient();
    await pushOk(server.app, as('worker1'), c, [c.create('person', person)]);
  });
  afterAll(async () => {
    await server.close();
  });

  function as(u: string): Session {
    const session = s[u];
    if (!session) throw new Error(`no session ${u}`);
    return session;
  }

  async function visitBy(u: string): Promise<string> {
    const v = makeVisit(as(u).user.id, personId);
    const c = new TestClient();
    await pushOk(server.app, as(u), c, [c.create('visit', v)]);
    return v.id;
  }

  it('[S10] the author corrects and voids its own visit', async () => {
    const id = await visitBy('worker1');
    const c = new TestClient();
    const w1 = as('worker1');
    await pushOk(server.app, w1, c, [c.put('visit', id, { visitors: '张三、李四' }, 0)]);
    await pushOk(server.app, w1, c, [
      c.put(
        'visit',
        id,
        { voidedAt: '2026-12-01T08:00:00Z', voidedBy: w1.user.id, voidReason: '记错了人' },
        0,
      ),
    ]);
    const stored = await server.store.getRecord(id);
    expect(stored?.data).toMatchObject({ visitors: '张三、李四', voidReason: '记错了人' });
  });

  it("[S10] a community worker may not correct a colleague's visit; nothing is stored", async () => {
    const id = await visitBy('worker1');
    const before = await server.store.currentVersion();
    const c = new TestClient();
    const res = await push(
      server.app,
      as('worker2'),
      c.pushBody([c.put('visit', id, { situation: '改' }, 0)]),
    );
    expect(res.statusCode).toBe(403);
    expect(errorOf(res)).toMatchObject({ reason: 'forbidden', message: NOT_AUTHOR_REASON });
    c.seq = 0;
    const voided = await push(
      server.app,
      as('worker2'),
      c.pushBody([c.put('visit', id, { voidedAt: '2026-12-01T08:00:00Z', voidReason: '越权' }, 0)]),
    );
    expect(voided.statusCode).toBe(403);
    expect(await server.store.currentVersion()).toBe(before);
    expect((await server.store.getRecord(id))?.data?.['voidedAt']).toBeUndefined();
  });

  it("[S10] street staff of the area correct and void a worker's visit", async () => {
    const id = await visitBy('worker1');
    const c = new TestClient();
    await pushOk(server.app, as('street1'), c, [c.put('visit', id, { campaign: '常态化联系' }, 0)]);
    await pushOk(server.app, as('street1'), c, [
      c.put('visit', id, { voidedAt: '2026-12-01T08:00:00Z', voidReason: '重复录入' }, 0),
    ]);
    expect((await server.store.getRecord(id))?.data).toMatchObject({
      campaign: '常态化联系',
      voidReason: '重复录入',
    });
  });

  it('[R4] a void naming another user as its author is refused', async () => {
    const id = await visitBy('worker1');
    const c = new TestClient();
    const res = await push(
      server.app,
      as('worker1'),
      c.pushBody([
        c.put('visit', id, { voidedAt: '2026-12-01T08:00:00Z', voidedBy: 'u-other', voidReason: '冒名' }, 0),
      ]),
    );
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).message).toBe('作废人只能是当前登录的用户');
  });

  it('[R4] a void without a reason is refused', async () => {
    const id = await visitBy('worker1');
    const c = new TestClient();
    const res = await push(
      server.app,
      as('worker1'),
      c.pushBody([c.put('visit', id, { voidedAt: '2026-12-01T08:00:00Z' }, 0)]),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(res).details)).toContain('请填写作废原因');
  });
});

describe('record history', () => {
  let server: TestServer;
  const s: Record<string, Session> = {};
  let visitId = '';

  beforeAll(async () => {
    server = await startTestServer();
    for (const u of ['street1', 'worker1', 'worker3']) s[u] = await login(server.app, u);
    const w1 = as('worker1');
    const person = makePerson(w1.user.id);
    const v = makeVisit(w1.user.id, person.id, { visitors: '李社工' });
    visitId = v.id;
    const c = new TestClient();
    await pushOk(server.app, w1, c, [c.create('person', person), c.create('visit', v)]);
    await pushOk(server.app, w1, c, [
      c.put('visit', v.id, { visitors: '李社工、张书记', updatedAt: 'x' }, 0),
    ]);
    const staff = new TestClient();
    await pushOk(server.app, as('street1'), staff, [
      staff.put('visit', v.id, { voidedAt: '2026-12-01T08:00:00Z', voidReason: '重复录入' }, 0),
    ]);
  });
  afterAll(async () => {
    await server.close();
  });

  function as(u: string): Session {
    const session = s[u];
    if (!session) throw new Error(`no session ${u}`);
    return session;
  }

  const history = (u: string, id = visitId) =>
    server.app.inject({ method: 'GET', url: recordHistoryPath(id), headers: as(u).headers });

  it('[P18] lists each correction with who by name, server time and the fields old → new, oldest first', async () => {
    const res = await history('street1');
    expect(res.statusCode).toBe(200);
    const h = recordHistorySchema.parse(res.json());
    expect(h.createdByName).toBe(as('worker1').user.displayName);
    expect(h.revisions.map((r) => [r.byName, r.changes])).toEqual([
      [as('worker1').user.displayName, [{ field: 'visitors', from: '李社工', to: '李社工、张书记' }]],
      [
        as('street1').user.displayName,
        [
          { field: 'voidedAt', from: null, to: '2026-12-01T08:00:00Z' },
          { field: 'voidReason', from: null, to: '重复录入' },
        ],
      ],
    ]);
    for (const r of h.revisions) expect(Date.now() - Date.parse(r.at)).toBeLessThan(60_000);
  });

  it('[P18] [S2] refuses the history of a record outside the caller’s area, and answers 404 for none', async () => {
    const res = await history('worker3');
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).reason).toBe('forbidden');
    expect((await history('worker1', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('conflict records on %s', (_name, pg) => {
  let server: TestServer;
  afterAll(async () => {
    await server.close();
  });

  it('[P10] name both writers by their display names', async () => {
    server = await startTestServer({ pg });
    const w1 = await login(server.app, 'worker1');
    const w2 = await login(server.app, 'worker2');
    const person = makePerson(w1.user.id);
    const a = new TestClient();
    const b = new TestClient();
    const created = await pushOk(server.app, w1, a, [a.create('person', person)]);
    await pushOk(server.app, w1, a, [a.put('person', person.id, { address: '一号' }, created.version)]);
    await pushOk(server.app, w2, b, [b.put('person', person.id, { address: '二号' }, created.version)]);
    const conflicts = (await pullAll(server.app, w1, new TestClient())).changes.filter(
      (c) => c.kind === 'conflict',
    );
    expect(conflicts.map((c) => c.data)).toEqual([
      expect.objectContaining({
        field: 'address',
        overwrittenBy: w1.user.id,
        overwrittenByName: w1.user.displayName,
        appliedBy: w2.user.id,
        appliedByName: w2.user.displayName,
      }),
    ]);
  });
});
