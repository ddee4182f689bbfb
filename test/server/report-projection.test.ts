import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/server/storage/pg-migrations.ts';
import { PgStore } from '../../src/server/storage/pg-store.ts';
import { SQLITE_MIGRATIONS } from '../../src/server/storage/sqlite-migrations.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import type { Store } from '../../src/server/storage/store.ts';
import { PG_URL, dropSchema, randomSchema } from './pg.ts';

/**
 * Rows written before the report projection existed (a database at migration 2) get their projections when a
 * store of this version opens the database: the first summary after the upgrade counts them.
 */
const C1 = '440310001001';
const OLD_ROWS: [string, string, string][] = [
  ['v1', 'visit', JSON.stringify({ id: 'v1', communityId: C1, date: '2023-05-01', campaign: '大走访' })],
  ['p1', 'person', JSON.stringify({ id: 'p1', communityId: C1, receivedDate: '2023-02-02', name: '甲' })],
  ['p2', 'person', JSON.stringify({ id: 'p2', communityId: C1, receivedDate: null, name: '乙' })],
];
const YEAR = { from: '2023-01-01', to: '2023-12-31', unitIds: null };

async function listsOf(store: Store): Promise<Record<string, unknown>> {
  const lists = await store.scanReport(YEAR);
  return Object.fromEntries([...lists].map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

const EXPECTED = {
  visit: [{ communityId: C1, date: '2023-05-01', campaign: '大走访' }],
  person: [{ communityId: C1, receivedDate: '2023-02-02' }],
};

describe('report projections of rows written before they existed', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('are computed when a SQLite store opens the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoufang-proj-'));
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    SQLITE_MIGRATIONS.slice(0, 2).forEach((sql, i) => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(i + 1, '2023-01-01');
    });
    const ins = db.prepare(
      "INSERT INTO records (id, kind, version, deleted, unit_id, data, stamps) VALUES (?, ?, ?, 0, ?, ?, '[]')",
    );
    OLD_ROWS.forEach(([id, kind, data], i) => ins.run(id, kind, i + 1, C1, data));
    db.close();
    const store = SqliteStore.open(path);
    cleanup = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    expect(await listsOf(store)).toEqual(EXPECTED);
  });

  it('are computed when a PostgreSQL store opens the database', async () => {
    const schema = randomSchema();
    const c = new Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz)');
    for (const [i, sql] of PG_MIGRATIONS.slice(0, 2).entries()) {
      await c.query(sql);
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
    }
    for (const [i, [id, kind, data]] of OLD_ROWS.entries()) {
      await c.query(
        "INSERT INTO records (id, kind, version, deleted, unit_id, data, stamps) VALUES ($1, $2, $3, false, $4, $5, '[]')",
        [id, kind, i + 1, C1, data],
      );
    }
    await c.end();
    const store = await PgStore.open(PG_URL, { schema });
    cleanup = async () => {
      await store.close();
      await dropSchema(schema);
    };
    expect(await listsOf(store)).toEqual(EXPECTED);
  });
});
