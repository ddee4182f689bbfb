import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/protocol/pull.ts';
import { COMMUNITY, OTHER_COMMUNITY } from '../fixtures/records.ts';
import {
  TestClient,
  login,
  makePerson,
  pull,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

/** Every page of a pull from `cursor` on, one record per page. */
async function pages(
  app: FastifyInstance,
  s: Session,
  c: TestClient,
  cursor: string | null,
): Promise<PullResponse[]> {
  const out: PullResponse[] = [];
  for (;;) {
    const res = await pull(app, s, c.pullBody(cursor, 1));
    if (res.statusCode !== 200) throw new Error(`pull failed: ${res.statusCode} ${res.body}`);
    const page = res.json<PullResponse>();
    out.push(page);
    cursor = page.cursor;
    if (!page.more) return out;
  }
}

const ids = (ps: PullResponse[]) => ps.flatMap((p) => p.changes.map((c) => c.id)).sort();
const resets = (ps: PullResponse[]) => ps.map((p) => p.reset === true);

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('pull reset on %s', (_name, pg) => {
  let server: TestServer;
  let admin: Session;
  let mover: Session;
  const liulian: string[] = [];
  const pinghuan: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ pg });
    admin = await login(server.app, 'admin');
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: { username: 'mover', password: 'long-enough', role: 'community_worker', unitId: COMMUNITY },
    });
    if (created.statusCode !== 201) throw new Error(`create user: ${created.body}`);
    mover = await login(server.app, 'mover', 'long-enough');
    const c = new TestClient();
    const people = [
      makePerson(admin.user.id, { name: '六联甲' }),
      makePerson(admin.user.id, { name: '六联乙' }),
      makePerson(admin.user.id, { name: '坪环甲', communityId: OTHER_COMMUNITY }),
      makePerson(admin.user.id, { name: '坪环乙', communityId: OTHER_COMMUNITY }),
    ];
    await pushOk(
      server.app,
      admin,
      c,
      people.map((p) => c.create('person', p)),
    );
    for (const p of people) (p.communityId === COMMUNITY ? liulian : pinghuan).push(p.id);
  });
  afterAll(async () => {
    await server.close();
  });

  const moveTo = async (unitId: string) => {
    const res = await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${mover.user.id}`,
      headers: admin.headers,
      payload: { unitId },
    });
    expect(res.statusCode).toBe(200);
  };

  it('[P6] [C13] a pull from the beginning says reset on its first page only', async () => {
    const c = new TestClient();
    const first = await pages(server.app, mover, c, null);
    expect(ids(first)).toEqual([...liulian].sort());
    expect(resets(first)).toEqual([true, false]);
    // Caught up: a pull with the last cursor of the same area is no restart.
    const again = await pages(server.app, mover, c, first.at(-1)?.cursor ?? null);
    expect(again).toMatchObject([{ changes: [], more: false }]);
    expect(resets(again)).toEqual([false]);
  });

  it('[P6] [C13] a cursor of another area restarts the pull and answers reset on the first page only', async () => {
    const c = new TestClient();
    await moveTo(COMMUNITY);
    const before = await pages(server.app, mover, c, null);
    const oldCursor = before.at(-1)?.cursor ?? null;
    await moveTo(OTHER_COMMUNITY);
    try {
      const after = await pages(server.app, mover, c, oldCursor);
      expect(ids(after)).toEqual([...pinghuan].sort());
      expect(resets(after)).toEqual([true, false]);
      // Going on from a cursor the restarted pull handed out is no restart.
      const mid = await pages(server.app, mover, c, after[0]?.cursor ?? null);
      expect(resets(mid)).toEqual([false]);
    } finally {
      await moveTo(COMMUNITY);
    }
  });

  it('[P6] [C13] a restart with nothing in the new area still says reset, so the device drops the old one', async () => {
    const c = new TestClient();
    const before = await pages(server.app, mover, c, null);
    // 六和社区 (440310001002): a community of the same street with no persons in this test.
    await moveTo('440310001002');
    try {
      const after = await pages(server.app, mover, c, before.at(-1)?.cursor ?? null);
      expect(after).toMatchObject([{ changes: [], more: false, reset: true }]);
    } finally {
      await moveTo(COMMUNITY);
    }
  });
});
