import Database from 'better-sqlite3';
import { Client } from 'pg';
import { newId } from '../src/model/ids.ts';
import { idCheckChar } from '../src/model/id-number.ts';
import { PROTOCOL_VERSION } from '../src/protocol/version.ts';
import { login, makePerson, startTestServer } from '../test/server/helpers.ts';
import { PG_URL, dropSchema, randomSchema } from '../test/server/pg.ts';

/**
 * Server ingest through the full push path: `n` new persons pushed by one device through the real app
 * (app.inject: routing, JSON decode, schema check, merge, storage) in pushes of 500, on a fresh store; and its
 * floor in the same run: the same request bodies JSON-decoded and their records inserted raw, one transaction
 * per push (SQLite: one prepared INSERT per record; PostgreSQL: one INSERT of the push's records as jsonb).
 * Times are of the pushes alone (login, seeding and building bodies excluded).
 */
export interface IngestHooks {
  /** Called just before the first push (e.g. start a profiler), awaited. */
  readonly before?: () => Promise<void>;
  /** Called right after the last push, awaited. */
  readonly after?: () => Promise<void>;
}

const PER_PUSH = 500;

function bodies(userId: string, clientId: string, n: number): string[] {
  const mutations = Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(1940, 0, 1) + (i % 20_000) * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const first17 = `440310${d}${String(Math.floor(i / 20_000) * 2 + 1).padStart(3, '0')}`;
    const rec = makePerson(userId, { idNumber: first17 + idCheckChar(first17), sex: '男' });
    // The lean body (SPEC.md P15): no client id per mutation, op and baseVersion left at their defaults.
    return { id: newId(), seq: i + 1, kind: 'person' as const, recordId: rec.id, fields: rec };
  });
  const out: string[] = [];
  for (let i = 0; i < n; i += PER_PUSH) {
    out.push(
      JSON.stringify({
        protocolVersion: PROTOCOL_VERSION,
        clientId,
        mutations: mutations.slice(i, i + PER_PUSH),
      }),
    );
  }
  return out;
}

export async function ingest(pg: boolean, n: number, hooks: IngestHooks = {}): Promise<number> {
  const api = await startTestServer({ pg });
  try {
    const s = await login(api.app, 'worker1');
    const payloads = bodies(s.user.id, newId(), n);
    const headers = { ...s.headers, 'content-type': 'application/json' };
    await hooks.before?.();
    const t0 = performance.now();
    for (const payload of payloads) {
      const res = await api.app.inject({ method: 'POST', url: '/api/sync/push', headers, payload });
      if (res.statusCode !== 200) throw new Error(`ingest push ${res.statusCode}: ${res.body.slice(0, 300)}`);
    }
    const t = performance.now() - t0;
    await hooks.after?.();
    return t;
  } finally {
    await api.close();
  }
}

interface Body {
  mutations: { recordId: string; fields: unknown }[];
}

/** The floor of `ingest`: decode each body, insert its records raw in one transaction. */
export async function ingestFloor(pg: boolean, n: number): Promise<number> {
  const payloads = bodies(newId(), newId(), n);
  if (!pg) {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE r (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO r (id, data) VALUES (?, ?)');
    const t0 = performance.now();
    for (const payload of payloads) {
      const body = JSON.parse(payload) as Body;
      db.transaction(() => {
        for (const m of body.mutations) insert.run(m.recordId, JSON.stringify(m.fields));
      })();
    }
    const t = performance.now() - t0;
    db.close();
    return t;
  }
  const schema = randomSchema();
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.query(`CREATE TABLE ${schema}.r (id text PRIMARY KEY, data jsonb NOT NULL)`);
    const t0 = performance.now();
    for (const payload of payloads) {
      const body = JSON.parse(payload) as Body;
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO ${schema}.r (id, data) SELECT x->>'id', x FROM jsonb_array_elements($1::jsonb) AS x`,
        [JSON.stringify(body.mutations.map((m) => m.fields))],
      );
      await c.query('COMMIT');
    }
    return performance.now() - t0;
  } finally {
    await c.end();
    await dropSchema(schema);
  }
}
