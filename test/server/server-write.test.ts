import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_COMMUNITY } from '../fixtures/records.ts';
import { ProtocolError } from '../../src/protocol/errors.ts';
import { toSessionUser } from '../../src/server/auth/sessions.ts';
import { applyServerWrite } from '../../src/server/replication/server-write.ts';
import type { SessionUser } from '../../src/protocol/auth.ts';
import {
  TestClient,
  login,
  makePerson,
  pullAll,
  pushOk,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('server-side writes (imports) go through the push apply path', () => {
  let server: TestServer;
  let admin: SessionUser;
  let worker: SessionUser;
  beforeAll(async () => {
    server = await startTestServer();
    const a = await server.store.getUserByUsername('admin');
    const w = await server.store.getUserByUsername('worker1');
    if (!a || !w) throw new Error('demo users missing');
    admin = toSessionUser(a);
    worker = toSessionUser(w);
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives imported records versions that pulls deliver, and audits person changes', async () => {
    const p1 = makePerson(admin.id, { name: '导入一' });
    const p2 = makePerson(admin.id, { name: '导入二', communityId: OTHER_COMMUNITY });
    const res = await applyServerWrite(server.store, admin, [
      { kind: 'person', recordId: p1.id, op: 'put', fields: p1 },
      { kind: 'person', recordId: p2.id, op: 'put', fields: p2 },
    ]);
    expect(res.versions).toHaveLength(2);
    expect(res.version).toBe(res.versions[1]);
    const session = await login(server.app, 'worker1');
    const seen = await pullAll(server.app, session, new TestClient());
    expect(seen.changes.map((c) => c.id)).toContain(p1.id);
    expect(seen.changes.map((c) => c.id)).not.toContain(p2.id);
    expect((await server.store.listAudit({ recordId: p1.id, limit: 5 }))[0]).toMatchObject({
      action: 'change',
    });
  });

  it('[P10] keeps a value a worker typed in the conflict log when an import overwrites it', async () => {
    const person = makePerson(worker.id);
    const session = await login(server.app, 'worker1');
    const c = new TestClient();
    await pushOk(server.app, session, c, [c.create('person', person)]);
    await applyServerWrite(server.store, admin, [
      { kind: 'person', recordId: person.id, op: 'put', fields: { address: '表格中的地址' } },
    ]);
    const conflicts = await server.store.scanRecords({ kinds: ['conflict'], unitIds: [person.communityId] });
    expect(conflicts.map((r) => r.data)).toContainEqual(
      expect.objectContaining({ recordId: person.id, field: 'address', overwrittenValue: person.address }),
    );
  });

  it('[S3] [P5] refuses the whole batch when one change is outside the actor area, naming its index', async () => {
    const inside = makePerson(worker.id);
    const outside = makePerson(worker.id, { communityId: OTHER_COMMUNITY });
    const err = await applyServerWrite(server.store, worker, [
      { kind: 'person', recordId: inside.id, op: 'put', fields: inside },
      { kind: 'person', recordId: outside.id, op: 'put', fields: outside },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ reason: 'forbidden', details: { index: 1, recordId: outside.id } });
    expect(await server.store.getRecord(inside.id)).toBeNull();
  });
});
