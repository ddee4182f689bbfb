import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/model/ids.ts';
import type { AuditResponse } from '../../src/protocol/audit.ts';
import type { Mutation } from '../../src/protocol/mutation.ts';
import { PgStore } from '../../src/server/storage/pg-store.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import {
  errorOf,
  login,
  makePerson,
  makeVisit,
  pullAll,
  pushOk,
  startTestServer,
  TestClient,
  type Session,
  type TestServer,
} from './helpers.ts';
import { PG_URL, dropSchema, randomSchema } from './pg.ts';

/** The ids an audit row's detail lists. */
function idsOf(detail: unknown): string[] {
  return (detail as { ids?: string[] } | null)?.ids ?? [];
}

async function audit(s: TestServer, admin: Session, query: string): Promise<AuditResponse> {
  const res = await s.app.inject({
    method: 'GET',
    url: `/api/admin/audit?${query}`,
    headers: admin.headers,
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json<AuditResponse>();
}

describe.each([
  { name: 'SQLite', pg: false },
  { name: 'PostgreSQL', pg: true },
])('audit log ($name)', ({ pg }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('[S7] pulls, exports, admin changes and imports are audited with who, device, address and the ids', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const w1 = await login(s.app, 'worker1');
    const w2 = await login(s.app, 'worker2');
    const admin = await login(s.app, 'admin');
    const c1 = new TestClient();
    const p = makePerson(w1.user.id);
    const v = makeVisit(w1.user.id, p.id);
    await pushOk(s.app, w1, c1, [c1.create('person', p), c1.create('visit', v)]);

    const c2 = new TestClient();
    await pullAll(s.app, w2, c2);
    const reads = await audit(s, admin, `user=worker2&action=read`);
    expect(reads.entries).toHaveLength(1);
    expect(reads.entries[0]).toMatchObject({
      username: 'worker2',
      clientId: c2.clientId,
      address: '127.0.0.1',
    });
    expect(idsOf(reads.entries[0]?.detail).sort()).toEqual([p.id, v.id].sort());

    const exp = await s.app.inject({ method: 'GET', url: '/api/export/visit.csv', headers: w1.headers });
    expect(exp.statusCode).toBe(200);
    const exports = await audit(s, admin, 'action=export');
    expect(exports.entries[0]).toMatchObject({ username: 'worker1', kind: 'visit' });
    expect(idsOf(exports.entries[0]?.detail)).toEqual([v.id]);

    // By person: the pull page and the export that contained its records; not the other rows.
    const aboutP = await audit(s, admin, `person=${p.id}`);
    expect(aboutP.entries.map((e) => e.action).sort()).toEqual(['read']);
    const aboutV = await audit(s, admin, `person=${v.id}`);
    expect(aboutV.entries.map((e) => e.action).sort()).toEqual(['export', 'read']);

    const created = await s.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: {
        username: 'w5',
        password: 'Kx9-fleet-harbour',
        role: 'community_worker',
        unitId: '440310001001',
      },
    });
    expect(created.statusCode).toBe(201);
    const tree = (await s.app.inject({ method: 'GET', url: '/api/admin/org', headers: admin.headers })).json<{
      units: { id: string; name: string }[];
    }>();
    const renamed = { ...tree, units: tree.units.map((u, i) => (i === 1 ? { ...u, name: '新街道' } : u)) };
    expect(
      (await s.app.inject({ method: 'PUT', url: '/api/admin/org', headers: admin.headers, payload: renamed }))
        .statusCode,
    ).toBe(200);
    const changes = await audit(s, admin, 'user=admin');
    const actions = changes.entries.map((e) => e.action);
    expect(actions).toContain('user_create');
    expect(actions).toContain('org_replace');
    expect(actions).toContain('login');
    const orgRow = changes.entries.find((e) => e.action === 'org_replace');
    expect(orgRow?.detail).toMatchObject({ addedOrChanged: [tree.units[1]?.id] });
    expect(JSON.stringify(changes.entries)).not.toContain('Kx9-fleet-harbour');

    const csv = [
      '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期',
      '张建国,男,34052419800101001X,13812341234,某路1号,六联社区,退役士兵,重点联系,在册,2023-03-20',
    ].join('\r\n');
    const imp = await s.app.inject({
      method: 'POST',
      url: '/api/admin/import/commit?name=r.csv',
      headers: { ...admin.headers, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(csv),
    });
    expect(imp.statusCode).toBe(200);
    const imports = await audit(s, admin, 'action=import');
    expect(imports.entries[0]).toMatchObject({ username: 'admin', address: '127.0.0.1', kind: 'registry' });
    expect(idsOf(imports.entries[0]?.detail)).toHaveLength(1);

    // Period: today includes everything; a day in the past nothing.
    const today = new Date().toISOString().slice(0, 10);
    expect((await audit(s, admin, `from=${today}&to=${today}`)).entries.length).toBeGreaterThan(5);
    expect((await audit(s, admin, 'from=2020-01-01&to=2020-01-02')).entries).toEqual([]);
    // Paging: `next` leads to older rows, none repeated.
    const first = await audit(s, admin, 'limit=2');
    const second = await audit(s, admin, `limit=2&before=${first.next}`);
    expect(second.entries[0]?.id).toBeLessThan(first.entries[1]?.id ?? 0);
  });

  it('[S7] a reveal pushed from a device is appended to the audit log once, and only inside the area', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const w1 = await login(s.app, 'worker1');
    const w3 = await login(s.app, 'worker3');
    const admin = await login(s.app, 'admin');
    const c1 = new TestClient();
    const p = makePerson(w1.user.id);
    await pushOk(s.app, w1, c1, [c1.create('person', p)]);
    const reveal = (c: TestClient, by: string): Mutation => {
      const id = newId();
      c.seq += 1;
      const at = '2026-12-01T08:00:00.000Z';
      const fields = { id, createdAt: at, createdBy: by, updatedAt: at, personId: p.id };
      return {
        id: newId(),
        seq: c.seq,
        kind: 'reveal', // an event kind: travels like a record kind (src/protocol/mutation.ts)
        recordId: id,
        op: 'put',
        fields: { ...fields, communityId: p.communityId, field: 'idNumber' },
        baseVersion: 0,
      };
    };
    const m = reveal(c1, w1.user.id);
    await pushOk(s.app, w1, c1, [m]);
    await pushOk(s.app, w1, c1, [m]); // a replay after a lost answer: acknowledged, not audited again
    const rows = await audit(s, admin, `action=reveal&person=${p.id}`);
    expect(rows.entries).toHaveLength(1);
    expect(rows.entries[0]).toMatchObject({
      username: 'worker1',
      recordId: p.id,
      clientId: c1.clientId,
      address: '127.0.0.1',
      detail: { field: 'idNumber', revealId: m.recordId },
    });
    expect(await s.store.getRecord(m.recordId)).toBeNull();
    const c3 = new TestClient();
    const other = reveal(c3, w3.user.id);
    const refused = await s.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: w3.headers,
      payload: c3.pushBody([other]),
    });
    expect(refused.statusCode).toBe(403);
  });

  it('[S7] only the district admin reads the audit log', async () => {
    server = await startTestServer({ pg });
    const street = await login(server.app, 'street1');
    const res = await server.app.inject({ method: 'GET', url: '/api/admin/audit', headers: street.headers });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).reason).toBe('forbidden');
  });
});

describe('[S7] the audit log is append-only in the database', () => {
  it('[S7] SQLite refuses UPDATE and DELETE of audit rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoufang-audit-'));
    try {
      const file = join(dir, 'a.sqlite');
      const store = SqliteStore.open(file);
      await store.appendAudit([{ userId: 'u', action: 'login', kind: null, recordId: null, detail: null }]);
      await store.close();
      const db = new Database(file);
      expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[S7] PostgreSQL refuses UPDATE and DELETE of audit rows', async () => {
    const schema = randomSchema();
    const store = await PgStore.open(PG_URL, { schema });
    const c = new Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    try {
      await store.appendAudit([{ userId: 'u', action: 'login', kind: null, recordId: null, detail: null }]);
      await c.connect();
      await expect(c.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
      await expect(c.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      expect((await c.query('SELECT count(*)::int AS n FROM audit_log')).rows).toEqual([{ n: 1 }]);
    } finally {
      await c.end();
      await store.close();
      await dropSchema(schema);
    }
  });
});
