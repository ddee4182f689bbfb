import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCATION_MASKED } from '../../src/model/records/location.ts';
import { newId } from '../../src/model/ids.ts';
import type { Mutation } from '../../src/protocol/mutation.ts';
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

const PLACE = {
  status: 'ok',
  lat: 22.7084,
  lng: 114.3461,
  accuracyM: 12,
  at: '2026-12-01T08:00:00.000Z',
} as const;

/** A device's `reveal` of where a visit was saved (src/db/repository.ts recordLocationReveal). */
function locationReveal(c: TestClient, by: string, visitId: string): Mutation {
  const id = newId();
  c.seq += 1;
  const at = '2026-12-01T08:00:00.000Z';
  return {
    id: newId(),
    seq: c.seq,
    kind: 'reveal',
    recordId: id,
    op: 'put',
    fields: {
      id,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
      record: { kind: 'visit', id: visitId },
      communityId: '440310001001',
      field: 'location',
    },
    baseVersion: 0,
  };
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('record locations on %s', (_name, pg) => {
  let server: TestServer;
  const s: Record<string, Session> = {};
  let personId = '';

  beforeAll(async () => {
    server = await startTestServer({ pg });
    for (const u of ['street1', 'worker1', 'admin']) s[u] = await login(server.app, u);
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

  async function visitWith(location: unknown): Promise<string> {
    const v = { ...makeVisit(as('worker1').user.id, personId, { date: '2026-11-20' }), location };
    const c = new TestClient();
    await pushOk(server.app, as('worker1'), c, [c.create('visit', v as ReturnType<typeof makeVisit>)]);
    return v.id;
  }

  function exportAs(u: string) {
    return server.app.inject({
      url: '/api/export/visit.csv?from=2026-11-01&to=2026-11-30',
      headers: as(u).headers,
    });
  }

  async function pulled(u: string, id: string): Promise<Record<string, unknown> | null | undefined> {
    const { changes } = await pullAll(server.app, as(u), new TestClient());
    return changes.find((ch) => ch.id === id)?.data;
  }

  it('[S11] a place reaches street staff and the district admin, never a community worker’s device', async () => {
    const id = await visitWith(PLACE);
    expect((await server.store.getRecord(id))?.data).toMatchObject({ location: PLACE });
    expect(await pulled('street1', id)).toMatchObject({ location: PLACE });
    expect(await pulled('admin', id)).toMatchObject({ location: PLACE });
    expect(await pulled('worker1', id)).toMatchObject({
      id,
      visitors: '李社工',
      location: { status: 'hidden' },
    });
  });

  it('[S11] why no place was taken travels to all: it names no place', async () => {
    const id = await visitWith({ status: 'denied' });
    expect(await pulled('worker1', id)).toMatchObject({ location: { status: 'denied' } });
  });

  it('[S11] a correction from a device that never received the place keeps it on the server', async () => {
    const id = await visitWith(PLACE);
    expect(await pulled('worker1', id)).toMatchObject({ location: { status: 'hidden' } });
    const c = new TestClient();
    // What the device sends for a 修改: only the changed fields (P10), so no `location` at all.
    await pushOk(server.app, as('worker1'), c, [c.put('visit', id, { situation: '已复查' }, 0)]);
    expect(await pulled('street1', id)).toMatchObject({ situation: '已复查', location: PLACE });
  });

  it('[S11] a new record whose location says hidden is refused', async () => {
    const v = { ...makeVisit(as('worker1').user.id, personId), location: { status: 'hidden' } };
    const c = new TestClient();
    const res = await push(
      server.app,
      as('worker1'),
      c.pushBody([c.create('visit', v as ReturnType<typeof makeVisit>)]),
    );
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ message: '位置格式不正确', details: { field: 'location' } });
    expect(await server.store.getRecord(v.id)).toBeNull();
  });

  it('[S11] a push that moves a stored place is refused; the place stays', async () => {
    const id = await visitWith(PLACE);
    const c = new TestClient();
    const res = await push(
      server.app,
      as('street1'),
      c.pushBody([c.put('visit', id, { location: { ...PLACE, lat: 23 } }, 0)]),
    );
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ message: '创建信息不能修改', details: { fields: ['location'] } });
    expect((await server.store.getRecord(id))?.data).toMatchObject({ location: PLACE });
  });

  it('[S11] exports give the place to street staff and mask it for a community worker', async () => {
    await visitWith(PLACE);
    const street = await exportAs('street1');
    expect(street.statusCode).toBe(200);
    expect(street.body).toMatch(/^\uFEFF[^\n]*,位置\r?\n/);
    expect(street.body).toContain('22.708400, 114.346100（±12 米）');
    const worker = await exportAs('worker1');
    expect(worker.statusCode).toBe(200);
    expect(worker.body).toContain(LOCATION_MASKED);
    expect(worker.body).not.toContain('22.7084');
    expect(worker.body).toContain('未记录位置（未获定位权限）');
  });

  it('[S11] showing a place is audited like an ID number: one row naming the record, once', async () => {
    const visitId = await visitWith(PLACE);
    const c = new TestClient();
    const m = locationReveal(c, as('street1').user.id, visitId);
    await pushOk(server.app, as('street1'), c, [m]);
    await pushOk(server.app, as('street1'), c, [m]); // replayed after a lost answer: audited once (P3)
    const res = await server.app.inject({
      url: `/api/admin/audit?action=reveal&person=${visitId}`,
      headers: as('admin').headers,
    });
    expect(res.statusCode).toBe(200);
    const rows = res.json<{ entries: unknown[] }>().entries;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      username: 'street1',
      kind: 'visit',
      recordId: visitId,
      detail: { field: 'location', revealId: m.recordId },
    });
  });

  it('[S11] a location reveal naming a record of another kind is refused', async () => {
    const visitId = await visitWith(PLACE);
    const c = new TestClient();
    const m = locationReveal(c, as('street1').user.id, visitId);
    const res = await push(
      server.app,
      as('street1'),
      c.pushBody([{ ...m, fields: { ...m.fields, record: { kind: 'need', id: visitId } } }]),
    );
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ message: '引用的记录不存在', details: { field: 'record' } });
  });
});
