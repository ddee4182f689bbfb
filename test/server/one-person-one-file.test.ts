import { afterEach, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../src/model/report.ts';
import type { MergeResponse } from '../../src/protocol/merge.ts';
import { applyServerWrite } from '../../src/server/replication/server-write.ts';
import {
  errorOf,
  login,
  makeNeed,
  makeNeedStep,
  makePerson,
  makeVisit,
  pullAll,
  push,
  pushOk,
  startTestServer,
  TestClient,
  type Session,
  type TestServer,
} from './helpers.ts';

const C_A = '440310001001'; // 六联社区 (坪山街道): worker1, worker2; street1's street
const C_C = '440310002001'; // 坪环社区 (马峦街道): worker3
const ID = '110101199003070011';
const REPORT = `/api/reports/summary?from=2026-01-01&to=2026-12-31&unit=${C_A}`;

function merge(s: TestServer, who: Session, survivorId: string, duplicateId: string) {
  return s.app.inject({
    method: 'POST',
    url: `/api/persons/${survivorId}/merge`,
    headers: who.headers,
    payload: { duplicateId },
  });
}

async function report(s: TestServer, who: Session): Promise<ReportSummary> {
  const res = await s.app.inject({ url: REPORT, headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ReportSummary>();
}

/** Two workers each registered the same man offline, with a visit; both pushes are in. */
async function twoFiles(s: TestServer) {
  const w1 = await login(s.app, 'worker1');
  const w2 = await login(s.app, 'worker2');
  const c1 = new TestClient();
  const c2 = new TestClient();
  const a = makePerson(w1.user.id, { idNumber: ID, receivedDate: '2026-03-01' });
  const b = makePerson(w2.user.id, { idNumber: ID, name: '张卫国', receivedDate: '2026-03-01' });
  const va = makeVisit(w1.user.id, a.id, { date: '2026-11-01' });
  const vb = makeVisit(w2.user.id, b.id, { date: '2026-11-02' });
  const nb = makeNeed(w2.user.id, b.id);
  const sb = makeNeedStep(w2.user.id, nb);
  await pushOk(s.app, w1, c1, [c1.create('person', a), c1.create('visit', va)]);
  await pushOk(s.app, w2, c2, [
    c2.create('person', b),
    c2.create('visit', vb),
    c2.create('need', nb),
    c2.create('needStep', sb),
  ]);
  return { w1, w2, c1, c2, a, b, va, vb, nb, sb };
}

describe.each([
  { name: 'SQLite', pg: false },
  { name: 'PostgreSQL', pg: true },
])('one person, one file ($name)', ({ pg }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('[P19] [R5] a pushed new person whose ID number is taken is stored as a duplicate to merge, with its records, and counts once', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const { w1, a, b, vb } = await twoFiles(s);
    const stored = await s.store.getRecord(b.id);
    expect(stored?.data?.['duplicateOf']).toBe(a.id);
    expect((await s.store.getRecord(a.id))?.data?.['duplicateOf']).toBeUndefined();
    expect((await s.store.getRecord(vb.id))?.deleted).toBe(false);
    const pulled = await pullAll(s.app, w1, new TestClient());
    expect(pulled.changes.find((c) => c.id === b.id)?.data?.['duplicateOf']).toBe(a.id);
    // The duplicate is not a registry person: received once; both visits count.
    const street1 = await login(s.app, 'street1');
    expect(await report(s, street1)).toMatchObject({ personsReceived: 1, visits: 2 });
  });

  it('[P19] a device cannot mark or unmark a duplicate itself', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const { w2, c2, a, b } = await twoFiles(s);
    const version = (await s.store.getRecord(b.id))?.version ?? 0;
    await pushOk(s.app, w2, c2, [c2.put('person', b.id, { duplicateOf: null, address: '新地址' }, version)]);
    const after = await s.store.getRecord(b.id);
    expect(after?.data?.['duplicateOf']).toBe(a.id);
    expect(after?.data?.['address']).toBe('新地址');
    const c = makePerson(w2.user.id, { duplicateOf: a.id });
    await pushOk(s.app, w2, c2, [c2.create('person', c)]);
    expect((await s.store.getRecord(c.id))?.data?.['duplicateOf']).toBeUndefined();
  });

  it('[P19] changing an ID number to a taken one is refused 409, naming the holder only inside the area; nothing stored', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const w1 = await login(s.app, 'worker1');
    const w3 = await login(s.app, 'worker3');
    const c1 = new TestClient();
    const c3 = new TestClient();
    const a = makePerson(w1.user.id, { idNumber: ID });
    const other = makePerson(w1.user.id);
    await pushOk(s.app, w1, c1, [c1.create('person', a), c1.create('person', other)]);
    const v = makeVisit(w1.user.id, other.id);
    const res = await push(
      s.app,
      w1,
      c1.pushBody([c1.create('visit', v), c1.put('person', other.id, { idNumber: ID }, 2)]),
    );
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ reason: 'conflict', details: { existingPersonId: a.id } });
    expect(await s.store.getRecord(v.id)).toBeNull();
    // worker3 (another street) learns only the reason, not whose file holds it.
    const far = makePerson(w3.user.id, { communityId: C_C });
    await pushOk(s.app, w3, c3, [c3.create('person', far)]);
    const res3 = await push(s.app, w3, c3.pushBody([c3.put('person', far.id, { idNumber: ID }, 0)]));
    expect(res3.statusCode).toBe(409);
    expect(JSON.stringify(errorOf(res3).details ?? {})).not.toContain(a.id);
  });

  it('[P19] a server-side write of a second person with a taken ID number is refused 409', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const admin = (await login(s.app, 'admin')).user;
    const a = makePerson(admin.id, { idNumber: ID });
    const b = makePerson(admin.id, { idNumber: ID });
    await applyServerWrite(s.store, admin, [{ kind: 'person', recordId: a.id, op: 'put', fields: a }]);
    await expect(
      applyServerWrite(s.store, admin, [{ kind: 'person', recordId: b.id, op: 'put', fields: b }]),
    ).rejects.toMatchObject({ reason: 'conflict', details: { existingPersonId: a.id } });
    expect(await s.store.getRecord(b.id)).toBeNull();
  });

  it('[P19] street staff merge the duplicate: every record moves to the survivor, the duplicate is a tombstone, audited, pulled', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const { w1, w2, a, b, va, vb, nb, sb } = await twoFiles(s);
    // A conflict about the duplicate: worker1 overwrites worker2's address from an old base.
    const c1b = new TestClient();
    await pullAll(s.app, w1, c1b);
    await pushOk(s.app, w2, new TestClient(), [new TestClient().put('person', b.id, { address: '甲' }, 0)]);
    await pushOk(s.app, w1, c1b, [c1b.put('person', b.id, { address: '乙' }, 1)]);

    // Workers may not merge; staff of another street may not either.
    expect((await merge(s, w1, a.id, b.id)).statusCode).toBe(403);
    const street1 = await login(s.app, 'street1');
    const cursor = (await pullAll(s.app, w1, c1b)).last.cursor;
    const res = await merge(s, street1, a.id, b.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<MergeResponse>();
    expect(body.moved).toEqual(expect.arrayContaining([vb.id, nb.id, sb.id]));

    expect((await s.store.getRecord(b.id))?.deleted).toBe(true);
    for (const id of [vb.id, nb.id, sb.id]) {
      expect((await s.store.getRecord(id))?.data?.['personId'], id).toBe(a.id);
    }
    expect((await s.store.getRecord(va.id))?.data?.['personId']).toBe(a.id);
    const conflicts = await s.store.scanRecords({ kinds: ['conflict'], unitIds: null });
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) expect(c.data?.['recordId']).toBe(a.id);

    // Devices get the result by pull: the tombstone and the moved records.
    const after = await pullAll(s.app, w1, c1b, cursor);
    expect(after.changes.find((c) => c.id === b.id)?.deleted).toBe(true);
    expect(after.changes.find((c) => c.id === vb.id)?.data?.['personId']).toBe(a.id);

    const admin = await login(s.app, 'admin');
    const audit = await s.app.inject({ url: `/api/admin/audit?personId=${b.id}`, headers: admin.headers });
    const rows = audit.json<{
      entries: { action: string; recordId: string; detail: Record<string, unknown> }[];
    }>().entries;
    const row = rows.find((r) => r.action === 'merge');
    expect(row?.recordId).toBe(a.id);
    expect(row?.detail['duplicate']).toMatchObject({ name: '张卫国', idNumber: ID });

    expect(await report(s, street1)).toMatchObject({ personsReceived: 1, visits: 2 });
    // Merging again: the duplicate is gone.
    expect((await merge(s, street1, a.id, b.id)).statusCode).toBe(404);
  });

  it('[P19] a merge outside the caller area or of two different people is refused, nothing stored', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const { a, b } = await twoFiles(s);
    const w3 = await login(s.app, 'worker3');
    const far = makePerson(w3.user.id, { communityId: C_C, idNumber: ID });
    const c3 = new TestClient();
    await pushOk(s.app, w3, c3, [c3.create('person', far)]);
    const street1 = await login(s.app, 'street1');
    const version = (await s.store.getRecord(b.id))?.version;
    const res = await merge(s, street1, a.id, far.id);
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).details).toEqual({ recordId: far.id });
    const c = makePerson('x');
    const w1 = await login(s.app, 'worker1');
    const c1 = new TestClient();
    await pushOk(s.app, w1, c1, [c1.create('person', { ...c, createdBy: w1.user.id })]);
    expect((await merge(s, street1, a.id, c.id)).statusCode).toBe(409);
    expect((await s.store.getRecord(b.id))?.version).toBe(version);
  });
});
