import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/model/ids.ts';
import type { PullResponse } from '../../src/protocol/pull.ts';
import { OTHER_COMMUNITY } from '../fixtures/records.ts';
import {
  TestClient,
  errorOf,
  login,
  makePerson,
  pull,
  pullAll,
  push,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

/** The server's side of C10 (refetch instead of a full re-download) and C14 (out_of_order repair). */
describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('refetch and seq repair on %s', (_name, pg) => {
  let server: TestServer;
  let w1: Session;
  let w3: Session;

  beforeAll(async () => {
    server = await startTestServer({ pg });
    w1 = await login(server.app, 'worker1');
    w3 = await login(server.app, 'worker3');
  });
  afterAll(async () => {
    await server.close();
  });

  const app = () => server.app;

  it('[C10] a pull with refetch answers the asked records of the area, and only those, without moving the cursor', async () => {
    const c = new TestClient();
    const mine = makePerson(w1.user.id, { name: '本社区' });
    await pushOk(app(), w1, c, [c.create('person', mine)]);
    const other = new TestClient();
    const theirs = makePerson(w3.user.id, { name: '别的社区', communityId: OTHER_COMMUNITY });
    await pushOk(app(), w3, other, [other.create('person', theirs)]);
    const end = (await pullAll(app(), w1, c)).last.cursor;

    const plain = (await pull(app(), w1, c.pullBody(end))).json<PullResponse>();
    expect(plain.refetched).toBeUndefined();
    const res = await pull(app(), w1, { ...c.pullBody(end), refetch: [mine.id, theirs.id, newId()] });
    expect(res.statusCode).toBe(200);
    const page = res.json<PullResponse>();
    expect(page.changes).toEqual([]);
    expect(page.cursor).toBe(plain.cursor);
    expect(page.refetched).toMatchObject([
      { kind: 'person', id: mine.id, deleted: false, data: { name: '本社区' } },
    ]);
  });

  it('[C10] a refetch of a deleted record answers its tombstone; an empty answer is still an answer', async () => {
    const c = new TestClient();
    const p = makePerson(w1.user.id);
    const created = await pushOk(app(), w1, c, [c.create('person', p)]);
    await pushOk(app(), w1, c, [c.delete('person', p.id, created.version)]);
    const end = (await pullAll(app(), w1, c)).last.cursor;
    const page = (await pull(app(), w1, { ...c.pullBody(end), refetch: [p.id] })).json<PullResponse>();
    expect(page.refetched).toMatchObject([{ id: p.id, deleted: true, data: null }]);
    const none = (await pull(app(), w1, { ...c.pullBody(end), refetch: [newId()] })).json<PullResponse>();
    expect(none.refetched).toEqual([]);
  });

  it('[C10] [P14] a refetch of more than 100 ids or of a malformed id is refused with bad_request', async () => {
    const c = new TestClient();
    const many = Array.from({ length: 101 }, () => newId());
    expect(errorOf(await pull(app(), w1, { ...c.pullBody(), refetch: many })).reason).toBe('bad_request');
    expect(errorOf(await pull(app(), w1, { ...c.pullBody(), refetch: ['x'] })).reason).toBe('bad_request');
  });

  it('[C14] out_of_order names the server lastSeq, and a device renumbered to follow it is accepted', async () => {
    const c = new TestClient();
    await pushOk(app(), w1, c, [
      c.create('person', makePerson(w1.user.id)),
      c.create('person', makePerson(w1.user.id)),
    ]);
    // The device believes seqs up to 4 were applied (the server was restored to a backup since).
    c.seq = 4;
    const late = makePerson(w1.user.id, { name: '恢复后' });
    const refused = await push(app(), w1, c.pushBody([c.create('person', late)]));
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({
      reason: 'out_of_order',
      details: { lastSeq: 2, expectedSeq: 3 },
    });
    expect(await server.store.getRecord(late.id)).toBeNull();

    const renumbered = { ...c.create('person', late), seq: 3 };
    const res = await push(app(), w1, c.pushBody([renumbered]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ lastSeq: 3 });
    expect(await server.store.getRecord(late.id)).not.toBeNull();
  });
});
