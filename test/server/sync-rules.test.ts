import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict } from '../../src/model/records/conflict.ts';
import type { PullResponse } from '../../src/protocol/pull.ts';
import {
  TestClient,
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
  type Session,
  type TestServer,
} from './helpers.ts';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('sync rules on %s', (_name, pg) => {
  let server: TestServer;
  let w1: Session;
  let w2: Session;
  let street: Session;

  beforeAll(async () => {
    server = await startTestServer({ pg });
    w1 = await login(server.app, 'worker1');
    w2 = await login(server.app, 'worker2');
    street = await login(server.app, 'street1');
  });
  afterAll(async () => {
    await server.close();
  });

  const app = () => server.app;
  const version = () => server.store.currentVersion();

  it('[P1] a push or pull of another protocol version is refused with protocol_version and stores nothing', async () => {
    const c = new TestClient();
    const before = await version();
    const body = { ...c.pushBody([c.create('person', makePerson(w1.user.id))]), protocolVersion: 999 };
    const res = await push(app(), w1, body);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).reason).toBe('protocol_version');
    expect(await version()).toBe(before);
    const p = await pull(app(), w1, { ...c.pullBody(), protocolVersion: 0, somethingElse: [1] });
    expect(p.statusCode).toBe(409);
    expect(errorOf(p).reason).toBe('protocol_version');
  });

  it('[P2] [P6] a created record comes back in a pull with its server version, and not again after the cursor', async () => {
    const c = new TestClient();
    const first = await pullAll(app(), w1, c);
    const person = makePerson(w1.user.id, { name: '王小明' });
    const pushed = await pushOk(app(), w1, c, [c.create('person', person)]);
    expect(pushed.lastSeq).toBe(1);
    const next = await pullAll(app(), w1, c, first.last.cursor);
    expect(next.changes).toEqual([
      { kind: 'person', id: person.id, version: pushed.version, deleted: false, data: person },
    ]);
    expect(next.last.lastSeq).toBe(1);
    const again = await pullAll(app(), w1, c, next.last.cursor);
    expect(again.changes).toEqual([]);
  });

  it('[P3] a push replayed after a dropped response applies once', async () => {
    const c = new TestClient();
    const person = makePerson(w1.user.id);
    const body = c.pushBody([c.create('person', person), c.put('person', person.id, { name: '改名' })]);
    const a = await push(app(), w1, body);
    const b = await push(app(), w1, body);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    expect((await server.store.mutationsOf(person.id)).map((m) => m.seq)).toEqual([1, 2]);
    expect((await server.store.getRecord(person.id))?.data?.['name']).toBe('改名');
  });

  it('[P3] a replayed seq carried by a different mutation id is refused with replay_mismatch', async () => {
    const c = new TestClient();
    await pushOk(app(), w1, c, [c.create('person', makePerson(w1.user.id))]);
    c.seq = 0;
    const other = c.create('person', makePerson(w1.user.id));
    const res = await push(app(), w1, c.pushBody([other]));
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({
      reason: 'replay_mismatch',
      details: { mutationId: other.id, seq: 1 },
    });
    expect(await server.store.getRecord(other.recordId)).toBeNull();
  });

  it('[P3] a push mixing replayed and new mutations applies only the new ones', async () => {
    const c = new TestClient();
    const m1 = c.create('person', makePerson(w1.user.id));
    await pushOk(app(), w1, c, [m1]);
    const m2 = c.put('person', m1.recordId, { householdNotes: '新备注' });
    const res = await pushOk(app(), w1, c, [m1, m2]);
    expect(res.lastSeq).toBe(2);
    expect((await server.store.mutationsOf(m1.recordId)).map((m) => m.mutationId)).toEqual([m1.id, m2.id]);
  });

  it('[P4] a gap in the sequence is refused with out_of_order and nothing is stored', async () => {
    const c = new TestClient();
    c.seq = 3;
    const m = c.create('person', makePerson(w1.user.id));
    const before = await version();
    const res = await push(app(), w1, c.pushBody([m]));
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({
      reason: 'out_of_order',
      details: { mutationId: m.id, seq: 4, expectedSeq: 1 },
    });
    expect(await version()).toBe(before);
    expect(await server.store.getClient(c.clientId)).toBeNull();
  });

  it('[P4] seqs that are not consecutive inside one push are refused with out_of_order', async () => {
    const c = new TestClient();
    const a = c.create('person', makePerson(w1.user.id));
    c.seq += 1;
    const b = c.create('person', makePerson(w1.user.id));
    const res = await push(app(), w1, c.pushBody([a, b]));
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).reason).toBe('out_of_order');
    expect(await server.store.getRecord(a.recordId)).toBeNull();
  });

  it('[P5] one invalid mutation refuses the whole push and the error names it', async () => {
    const c = new TestClient();
    const good = c.create('person', makePerson(w1.user.id));
    const bad = c.create('person', makePerson(w1.user.id, { idNumber: '340524198001010010' }));
    const before = await version();
    const res = await push(app(), w1, c.pushBody([good, bad]));
    expect(res.statusCode).toBe(400);
    const err = errorOf(res);
    expect(err).toMatchObject({ reason: 'bad_request', details: { mutationId: bad.id, seq: 2 } });
    expect(err.details).toHaveProperty('fields.idNumber');
    expect(await server.store.getRecord(good.recordId)).toBeNull();
    expect(await server.store.getClient(c.clientId)).toBeNull();
    expect(await version()).toBe(before);
  });

  it('[P6] pages by (version, id) with more, remaining and a cursor, and carries the client lastSeq', async () => {
    const c = new TestClient();
    const start = (await pullAll(app(), w1, c)).last.cursor;
    const people = Array.from({ length: 25 }, (_, i) => makePerson(w1.user.id, { name: `人员${i}` }));
    await pushOk(
      app(),
      w1,
      c,
      people.map((p) => c.create('person', p)),
    );
    const first = (await pull(app(), w1, c.pullBody(start, 10))).json<PullResponse>();
    expect(first.changes).toHaveLength(10);
    expect(first.more).toBe(true);
    expect(first.remaining).toBe(25);
    expect(first.lastSeq).toBe(25);
    const rest = await pullAll(app(), w1, c, first.cursor, 10);
    const all = [...first.changes, ...rest.changes];
    expect(all.map((x) => x.id)).toEqual(people.map((p) => p.id));
    const versions = all.map((x) => x.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(rest.pages).toBe(2);
  });

  it('[P8] a record changed between two pages is delivered again on a later page', async () => {
    const c = new TestClient();
    const start = (await pullAll(app(), w1, c)).last.cursor;
    const people = [1, 2, 3].map((i) => makePerson(w1.user.id, { name: `翻页${i}` }));
    const pushed = await pushOk(
      app(),
      w1,
      c,
      people.map((p) => c.create('person', p)),
    );
    const page1 = (await pull(app(), w1, c.pullBody(start, 2))).json<PullResponse>();
    expect(page1.changes.map((x) => x.id)).toEqual([people[0]?.id, people[1]?.id]);
    const p0 = people[0];
    if (!p0) throw new Error('unreachable');
    await pushOk(app(), w1, c, [c.put('person', p0.id, { name: '翻页改' }, pushed.version - 2)]);
    const rest = await pullAll(app(), w1, c, page1.cursor, 2);
    expect(rest.changes.map((x) => x.id)).toEqual([people[2]?.id, p0.id]);
    expect(rest.changes[1]?.data?.['name']).toBe('翻页改');
  });

  it('[P10] two users writing one field from the same base: the later wins and the overwritten value is logged', async () => {
    const c1 = new TestClient();
    const c2 = new TestClient();
    const need = makeNeed(w1.user.id, (await createPerson(c1)).id);
    const created = await pushOk(app(), w1, c1, [c1.create('need', need)]);
    await pushOk(app(), w1, c1, [
      c1.put('need', need.id, { description: '甲的描述', urgency: '较急' }, created.version),
    ]);
    const second = await pushOk(app(), w2, c2, [
      c2.put('need', need.id, { description: '乙的描述' }, created.version),
    ]);
    const stored = await server.store.getRecord(need.id);
    expect(stored?.data).toMatchObject({ description: '乙的描述', urgency: '较急' });
    const conflicts = (await server.store.scanRecords({ kinds: ['conflict'], unitIds: null })).map(
      (r) => r.data as Conflict,
    );
    const mine = conflicts.filter((x) => x.recordId === need.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'need',
      field: 'description',
      overwrittenValue: '甲的描述',
      overwrittenBy: w1.user.id,
      appliedValue: '乙的描述',
      appliedBy: w2.user.id,
      communityId: need.communityId,
      resolution: null,
    });
    expect(mine[0]?.appliedVersion).toBeLessThan(second.version);
    // The street staff who resolves conflicts receives it in a pull.
    const sc = new TestClient();
    const seen = await pullAll(app(), street, sc);
    expect(seen.changes.some((x) => x.kind === 'conflict' && x.data?.['recordId'] === need.id)).toBe(true);
  });

  it('[P10] edits to different fields, or by the same user, merge without a conflict entry', async () => {
    const c1 = new TestClient();
    const c2 = new TestClient();
    const person = await createPerson(c1);
    const v = (await server.store.getRecord(person.id))?.version ?? 0;
    await pushOk(app(), w1, c1, [c1.put('person', person.id, { address: '新地址' }, v)]);
    await pushOk(app(), w1, c1, [c1.put('person', person.id, { address: '更新地址' }, v)]);
    await pushOk(app(), w2, c2, [c2.put('person', person.id, { householdNotes: '乙补充' }, v)]);
    expect((await server.store.getRecord(person.id))?.data).toMatchObject({
      address: '更新地址',
      householdNotes: '乙补充',
    });
    const conflicts = await server.store.scanRecords({ kinds: ['conflict'], unitIds: null });
    expect(conflicts.filter((r) => r.data?.['recordId'] === person.id)).toEqual([]);
  });

  it('[P11] a delete leaves a tombstone that pulls deliver, and a put on it is refused with conflict', async () => {
    const c = new TestClient();
    const person = await createPerson(c);
    const v = (await server.store.getRecord(person.id))?.version ?? 0;
    const before = (await pullAll(app(), w1, c)).last.cursor;
    const del = await pushOk(app(), w1, c, [c.delete('person', person.id, v)]);
    const seen = await pullAll(app(), w1, c, before);
    expect(seen.changes).toEqual([
      { kind: 'person', id: person.id, version: del.version, deleted: true, data: null },
    ]);
    const put = c.put('person', person.id, { name: '复活' }, v);
    const res = await push(app(), w1, c.pushBody([put]));
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ reason: 'conflict', details: { mutationId: put.id, seq: put.seq } });
  });

  it('[P11] deleting a record the server never had is acknowledged without effect', async () => {
    const c = new TestClient();
    const before = await version();
    const res = await pushOk(app(), w1, c, [c.delete('person', makePerson(w1.user.id).id, 0)]);
    expect(res).toEqual({ lastSeq: 1, version: before });
  });

  it('[P12] a need step is created once; changing or deleting it is refused', async () => {
    const c = new TestClient();
    const need = makeNeed(w1.user.id, (await createPerson(c)).id);
    const step = makeNeedStep(w1.user.id, need);
    const res = await pushOk(app(), w1, c, [c.create('need', need), c.create('needStep', step)]);
    const edit = await push(app(), w1, c.pushBody([c.put('needStep', step.id, { note: '改' }, res.version)]));
    expect(edit.statusCode).toBe(409);
    expect(errorOf(edit).reason).toBe('conflict');
    c.seq -= 1;
    const del = await push(app(), w1, c.pushBody([c.delete('needStep', step.id, res.version)]));
    expect(del.statusCode).toBe(409);
    expect((await server.store.getRecord(step.id))?.data).toEqual(step);
  });

  it('[P13] a client cannot create a conflict record and may change only its resolution fields', async () => {
    const c = new TestClient();
    const forged = await push(
      app(),
      street,
      c.pushBody([c.put('conflict', makePerson('x').id, { resolution: 'kept' }, 0)]),
    );
    expect(forged.statusCode).toBe(403);
    expect(errorOf(forged).reason).toBe('forbidden');

    const c1 = new TestClient();
    const c2 = new TestClient();
    const person = await createPerson(c1);
    const v = (await server.store.getRecord(person.id))?.version ?? 0;
    await pushOk(app(), w1, c1, [c1.put('person', person.id, { address: '甲' }, v)]);
    await pushOk(app(), w2, c2, [c2.put('person', person.id, { address: '乙' }, v)]);
    const [conflict] = (await server.store.scanRecords({ kinds: ['conflict'], unitIds: null })).filter(
      (r) => r.data?.['recordId'] === person.id,
    );
    if (!conflict) throw new Error('expected a conflict record');
    const sc = new TestClient();
    const field = await push(
      app(),
      street,
      sc.pushBody([sc.put('conflict', conflict.id, { field: 'name' }, conflict.version)]),
    );
    expect(field.statusCode).toBe(403);
    sc.seq = 0;
    await pushOk(app(), street, sc, [
      sc.put(
        'conflict',
        conflict.id,
        { resolution: 'kept', resolvedBy: '王干事', resolvedAt: '2026-11-28' },
        conflict.version,
      ),
    ]);
    expect((await server.store.getRecord(conflict.id))?.data).toMatchObject({
      resolution: 'kept',
      field: 'address',
    });
  });

  it('refuses changing a field fixed at creation with conflict', async () => {
    const c = new TestClient();
    const person = await createPerson(c);
    const res = await push(
      app(),
      w1,
      c.pushBody([c.put('person', person.id, { createdBy: 'someone-else' }, 0)]),
    );
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ reason: 'conflict', details: { fields: ['createdBy'] } });
  });

  it('[P14] refuses a create missing required fields, a forged id, a reused id of another kind and a future base', async () => {
    const c = new TestClient();
    const person = makePerson(w1.user.id);
    const partial = await push(
      app(),
      w1,
      c.pushBody([c.put('person', person.id, { id: person.id, name: '半条' })]),
    );
    expect(partial.statusCode).toBe(400);
    c.seq = 0;
    const forged = await push(app(), w1, c.pushBody([c.put('person', makePerson('x').id, person)]));
    expect(forged.statusCode).toBe(400);
    c.seq = 0;
    await pushOk(app(), w1, c, [c.create('person', person)]);
    const visit = makeVisit(w1.user.id, person.id, { id: person.id });
    const reused = await push(app(), w1, c.pushBody([c.create('visit', visit)]));
    expect(reused.statusCode).toBe(409);
    c.seq = 1;
    const future = await push(app(), w1, c.pushBody([c.put('person', person.id, { name: '未来' }, 10 ** 9)]));
    expect(future.statusCode).toBe(400);
    c.seq = 1;
    const ghost = await push(
      app(),
      w1,
      c.pushBody([c.create('visit', makeVisit(w1.user.id, makePerson('x').id))]),
    );
    expect(ghost.statusCode).toBe(400);
    expect(errorOf(ghost).details).toMatchObject({ field: 'personId' });
    expect(await server.store.getClient(c.clientId)).toEqual({
      clientId: c.clientId,
      userId: w1.user.id,
      lastSeq: 1,
    });
  });

  it('logs who changed and who read a person', async () => {
    const c = new TestClient();
    const person = await createPerson(c);
    const changes = await server.store.mutationsOf(person.id);
    expect(changes).toMatchObject([{ userId: w1.user.id, clientId: c.clientId, kind: 'person', op: 'put' }]);
    await pullAll(app(), w2, new TestClient());
    const reads = await server.store.listAudit({ userId: w2.user.id, limit: 10 });
    expect(reads.some((r) => r.action === 'read' && JSON.stringify(r.detail).includes(person.id))).toBe(true);
  });

  it('[P16] a lean push (client id once, op and baseVersion left out) applies as the full form would', async () => {
    const c = new TestClient();
    const person = makePerson(w1.user.id);
    const create = c.create('person', person);
    const res = await push(app(), w1, {
      protocolVersion: 2,
      clientId: c.clientId,
      mutations: [{ id: create.id, seq: create.seq, kind: 'person', recordId: person.id, fields: person }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json<{ lastSeq: number; version: number }>();
    expect(await server.store.mutationsOf(person.id)).toMatchObject([
      { clientId: c.clientId, seq: 1, op: 'put', version: created.version },
    ]);
    // A delete must say so; its base version is sent when it is not 0.
    const del = c.delete('person', person.id, created.version);
    await pushOk(app(), w1, c, [del]);
    expect((await server.store.getRecord(person.id))?.deleted).toBe(true);
  });

  it('[P16] a version 1 push (client id on each mutation) is still applied, and one naming another client is refused', async () => {
    const c = new TestClient();
    const person = makePerson(w1.user.id);
    const m = c.create('person', person);
    const before = await version();
    const other = await push(app(), w1, {
      protocolVersion: 1,
      clientId: c.clientId,
      mutations: [{ ...m, clientId: new TestClient().clientId }],
    });
    expect(other.statusCode).toBe(400);
    expect(errorOf(other)).toMatchObject({ reason: 'bad_request', details: { mutationId: m.id, seq: 1 } });
    expect(await version()).toBe(before);
    // Version 1 requires every field: a mutation without op is malformed there.
    const { op: _op, ...withoutOp } = m;
    const short = await push(app(), w1, {
      protocolVersion: 1,
      clientId: c.clientId,
      mutations: [{ ...withoutOp, clientId: c.clientId }],
    });
    expect(short.statusCode).toBe(400);
    const ok = await push(app(), w1, {
      protocolVersion: 1,
      clientId: c.clientId,
      mutations: [{ ...m, clientId: c.clientId }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await server.store.getClient(c.clientId)).toMatchObject({ lastSeq: 1 });
    expect((await server.store.getRecord(person.id))?.data).toEqual(person);
  });

  async function createPerson(c: TestClient): Promise<ReturnType<typeof makePerson>> {
    const person = makePerson(w1.user.id);
    await pushOk(app(), w1, c, [c.create('person', person)]);
    return person;
  }
});
