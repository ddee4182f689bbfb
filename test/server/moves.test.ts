import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/protocol/pull.ts';
import {
  errorOf,
  login,
  makeNeed,
  makeNeedStep,
  makePerson,
  makeVisit,
  pull,
  pullAll,
  push,
  pushOk,
  startTestServer,
  TestClient,
  type TestServer,
} from './helpers.ts';

const C_A = '440310001001'; // 六联社区 (坪山街道): worker1
const C_B = '440310001002'; // another community of 坪山街道
const C_C = '440310002001'; // 坪环社区 (马峦街道): worker3

describe.each([
  { name: 'SQLite', pg: false },
  { name: 'PostgreSQL', pg: true },
])('moving a person ($name)', ({ pg }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('[S9] a moved person takes its visits, needs, need steps and conflicts along, in one transaction', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const w1 = await login(s.app, 'worker1');
    // Street staff may correct a worker's visit (S10); a colleague in the community may not.
    const w2 = await login(s.app, 'street1');
    const admin = await login(s.app, 'admin');
    const c1 = new TestClient();
    const p = makePerson(w1.user.id, { communityId: C_A });
    const v = makeVisit(w1.user.id, p.id, { communityId: C_A });
    const n = makeNeed(w1.user.id, p.id, { communityId: C_A });
    const st = makeNeedStep(w1.user.id, n, { communityId: C_A });
    await pushOk(s.app, w1, c1, [
      c1.create('person', p),
      c1.create('visit', v),
      c1.create('need', n),
      c1.create('needStep', st),
    ]);
    // A conflict about the visit: street staff overwrite worker1's situation from an old base.
    const c2 = new TestClient();
    await pullAll(s.app, w2, c2);
    await pushOk(s.app, w1, c1, [c1.put('visit', v.id, { situation: '甲' }, 1)]);
    await pushOk(s.app, w2, c2, [c2.put('visit', v.id, { situation: '乙' }, 1)]);

    const ca = new TestClient();
    await pushOk(s.app, admin, ca, [ca.put('person', p.id, { communityId: C_C }, 0)]);
    const all = await s.store.scanRecords({
      kinds: ['person', 'visit', 'need', 'needStep', 'conflict'],
      unitIds: null,
    });
    expect([...new Set(all.map((r) => r.kind))].sort()).toEqual([
      'conflict',
      'need',
      'needStep',
      'person',
      'visit',
    ]);
    for (const r of all) {
      expect(r.unitId, r.kind).toBe(C_C);
      expect(r.data?.['communityId'], r.kind).toBe(C_C);
    }
    // worker3 of the new community gets them all; worker1 gets tombstones for all.
    const w3 = await login(s.app, 'worker3');
    const there = await pullAll(s.app, w3, new TestClient());
    expect(
      there.changes
        .filter((c) => !c.deleted)
        .map((c) => c.id)
        .sort(),
    ).toEqual(all.map((r) => r.id).sort());
    const here = await pullAll(s.app, w1, new TestClient());
    expect(here.changes.every((c) => c.deleted)).toBe(true);
  });

  it('[S2] after moves A → B → C a device of A that did not pull in between still gets the tombstone', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const w1 = await login(s.app, 'worker1');
    const admin = await login(s.app, 'admin');
    const c1 = new TestClient();
    const p = makePerson(w1.user.id, { communityId: C_A });
    await pushOk(s.app, w1, c1, [c1.create('person', p)]);
    const first = await pullAll(s.app, w1, c1);
    expect(first.changes.map((c) => c.id)).toEqual([p.id]);
    const ca = new TestClient();
    await pushOk(s.app, admin, ca, [ca.put('person', p.id, { communityId: C_B }, 0)]);
    await pushOk(s.app, admin, ca, [ca.put('person', p.id, { communityId: C_C }, 0)]);
    const res = await pull(s.app, w1, c1.pullBody(first.last.cursor));
    const page = res.json<PullResponse>();
    expect(page.changes).toEqual([expect.objectContaining({ id: p.id, deleted: true, data: null })]);
  });

  it('[S3] an out-of-area record is refused naming only its id; [S9] resolvedBy and createdBy come from the session', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const w1 = await login(s.app, 'worker1');
    const w3 = await login(s.app, 'worker3');
    const c1 = new TestClient();
    const p = makePerson(w1.user.id, { communityId: C_A, createdBy: 'someone-else' });
    await pushOk(s.app, w1, c1, [c1.create('person', p)]);
    expect((await s.store.getRecord(p.id))?.data?.['createdBy']).toBe(w1.user.id);
    const c3 = new TestClient();
    // Wrong kind and a base version above the record's: would tell kind and version; the area check comes first.
    const tries = [
      () => c3.put('visit', p.id, { situation: 'x' }, 0),
      () => c3.put('person', p.id, { name: 'x' }, 99),
    ];
    for (const make of tries) {
      c3.seq = 0;
      const res = await push(s.app, w3, c3.pushBody([make()]));
      expect(res.statusCode, res.body).toBe(403);
      const details = errorOf(res).details as Record<string, unknown>;
      expect(Object.keys(details).sort()).toEqual(['mutationId', 'recordId', 'seq']);
    }
    // A conflict resolution names the session's user, whatever the body says.
    const w2 = await login(s.app, 'worker2');
    const c2 = new TestClient();
    await pullAll(s.app, w2, c2);
    await pushOk(s.app, w1, c1, [c1.put('person', p.id, { name: '甲' }, 1)]);
    await pushOk(s.app, w2, c2, [c2.put('person', p.id, { name: '乙' }, 1)]);
    const [conflict] = await s.store.scanRecords({ kinds: ['conflict'], unitIds: null });
    const street = await login(s.app, 'street1');
    const cs = new TestClient();
    await pushOk(s.app, street, cs, [
      cs.put(
        'conflict',
        conflict?.id ?? '',
        { resolution: 'kept', resolvedBy: '冒名者', resolvedAt: '2026-12-01T00:00:00.000Z' },
        conflict?.version ?? 0,
      ),
    ]);
    expect((await s.store.getRecord(conflict?.id ?? ''))?.data?.['resolvedBy']).toBe(street.user.displayName);
  });
});
