import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { seedDemo } from '../../src/server/demo.ts';
import { PgStore } from '../../src/server/storage/pg-store.ts';
import type { FastifyInstance } from 'fastify';
import { TestClient, login, makePerson, pullAll, pushOk } from './helpers.ts';
import { PG_URL, dropSchema, randomSchema } from './pg.ts';

describe('several server processes on one PostgreSQL database', () => {
  const schema = randomSchema();
  const stores: PgStore[] = [];
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    // Two "processes" start at once on a fresh database: migrations and demo seeding must not collide.
    const opened = await Promise.all([PgStore.open(PG_URL, { schema }), PgStore.open(PG_URL, { schema })]);
    stores.push(...opened);
    await Promise.all(opened.map((s) => seedDemo(s)));
    for (const store of opened) apps.push(await buildApp({ store }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    await dropSchema(schema);
  });

  it('seeds once: one org tree and one set of demo accounts', async () => {
    const [a] = stores;
    expect((await a?.getOrg())?.units).toHaveLength(30);
    expect((await a?.listUsers())?.map((u) => u.username).sort()).toEqual(
      ['admin', 'leader1', 'street1', 'worker1', 'worker2', 'worker3'].sort(),
    );
  });

  it('[P7] [P3] concurrent pushes through both servers get distinct versions and a pull skips none', async () => {
    const [appA, appB] = apps;
    if (!appA || !appB) throw new Error('apps missing');
    const sa = await login(appA, 'worker1');
    const sb = await login(appB, 'worker2');
    const reader = new TestClient();
    let cursor: string | null = null;
    const seen = new Set<string>();
    const written: string[] = [];
    const pushes = Array.from({ length: 8 }, async (_, i) => {
      const c = new TestClient();
      const [app, s] = i % 2 === 0 ? [appA, sa] : [appB, sb];
      for (let round = 0; round < 3; round++) {
        const people = [0, 1, 2].map(() => makePerson(s.user.id));
        written.push(...people.map((p) => p.id));
        await pushOk(
          app,
          s,
          c,
          people.map((p) => c.create('person', p)),
        );
      }
    });
    // Pull (through the other server) while the pushes run, moving the cursor as a device would.
    const pulling = (async () => {
      for (let i = 0; i < 10; i++) {
        const page = await pullAll(appB, sb, reader, cursor);
        for (const ch of page.changes) seen.add(ch.id);
        cursor = page.last.cursor;
      }
    })();
    await Promise.all([...pushes, pulling]);
    const last = await pullAll(appA, sa, reader, cursor);
    for (const ch of last.changes) seen.add(ch.id);
    for (const id of written) expect(seen.has(id)).toBe(true);
    const versions =
      (await stores[0]?.scanRecords({ kinds: ['person'], unitIds: null }))?.map((r) => r.version) ?? [];
    expect(new Set(versions).size).toBe(versions.length);
  });
});
