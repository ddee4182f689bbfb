import type { Pool, PoolClient } from 'pg';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import { packStamps, text } from './rows.ts';
import { reportProjection } from '../reports/projection.ts';
import type { AreaFilter, AuditEntry, ClientRow, StoredRecord, WriteBatch } from './store.ts';

/** SQL helpers of the PostgreSQL store (pg-store.ts): the migration runner and the write/pull statements. */
export type Raw = Record<string, unknown>;
export type Queryable = Pool | PoolClient;

export const RECORD_COLS =
  'id, kind, version, deleted, unit_id, street_id, team_id, data, stamps, left_unit_id, left_team_id';

/** Written with every record: its report projection (reports/projection.ts), never read back as a record. */
const WRITE_COLS = `${RECORD_COLS}, report, report_lo, report_hi`;

function reportColumns(r: StoredRecord): {
  report: string | null;
  report_lo: string | null;
  report_hi: string | null;
} {
  const p = reportProjection(r.kind, r.deleted ? null : r.data);
  return { report: p?.json ?? null, report_lo: p?.lo ?? null, report_hi: p?.hi ?? null };
}

export async function rowsOf(q: Queryable, sql: string, params: unknown[] = []): Promise<Raw[]> {
  return (await q.query<Raw>(sql, params)).rows;
}

export function pgCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

export async function migrate(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    // Several servers may start at once on one database: one migrates, the others wait and find it done.
    await c.query("SELECT pg_advisory_xact_lock(hashtext('zoufang_migrate'))");
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await c.query<Raw>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r['version'])),
    );
    for (const [i, sql] of PG_MIGRATIONS.entries()) {
      if (done.has(i + 1)) continue;
      await c.query(sql);
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

export function areaClause(area: AreaFilter, params: unknown[]): string {
  if ('all' in area) return '';
  if ('teamId' in area) {
    params.push(area.teamId);
    return ` AND (team_id = $${params.length} OR left_team_id = $${params.length})`;
  }
  params.push(area.unitIds);
  const units = `$${params.length}::text[]`;
  return (
    ` AND (unit_id = ANY(${units}) OR left_unit_id = ANY(${units})` +
    ` OR id IN (SELECT record_id FROM record_left_units WHERE unit_id = ANY(${units})))`
  );
}

export async function clientOf(q: Queryable, clientId: string): Promise<ClientRow | null> {
  const [row] = await rowsOf(q, 'SELECT client_id, user_id, last_seq FROM clients WHERE client_id = $1', [
    clientId,
  ]);
  return row
    ? {
        clientId: text(row['client_id']),
        userId: text(row['user_id']),
        lastSeq: Number(row['last_seq']),
      }
    : null;
}

/** One statement per table, whatever the batch size (jsonb_to_recordset / unnest turn the batch into rows). */
export async function saveBatch(c: PoolClient, batch: WriteBatch): Promise<void> {
  const r = batch.records;
  if (r.length > 0) {
    // One JSON document for the whole batch: a text[] of JSON would be escaped element by element on both ends.
    const rows = r.map((x) => ({
      id: x.id,
      kind: x.kind,
      version: x.version,
      deleted: x.deleted,
      unit_id: x.unitId,
      street_id: x.streetId,
      team_id: x.teamId,
      data: x.data,
      stamps: packStamps(x.stamps),
      left_unit_id: x.leftUnitId ?? null,
      left_team_id: x.leftTeamId ?? null,
      ...reportColumns(x),
    }));
    await c.query(
      `INSERT INTO records (${WRITE_COLS}) SELECT ${WRITE_COLS} FROM jsonb_to_recordset($1::jsonb) AS x(` +
        'id text, kind text, version int8, deleted bool, unit_id text, street_id text, team_id text, data jsonb, ' +
        'stamps jsonb, left_unit_id text, left_team_id text, report text, report_lo text, report_hi text) ' +
        'ON CONFLICT (id) DO UPDATE SET report = excluded.report, report_lo = excluded.report_lo, ' +
        'report_hi = excluded.report_hi, ' +
        'kind = excluded.kind, version = excluded.version, deleted = excluded.deleted, unit_id = excluded.unit_id, ' +
        'street_id = excluded.street_id, team_id = excluded.team_id, data = excluded.data, stamps = excluded.stamps, ' +
        'left_unit_id = excluded.left_unit_id, left_team_id = excluded.left_team_id',
      [JSON.stringify(rows)],
    );
    const left = r.filter((x) => x.leftUnitId);
    if (left.length > 0) {
      await c.query(
        'INSERT INTO record_left_units (unit_id, record_id) SELECT * FROM unnest($1::text[], $2::text[]) ' +
          'ON CONFLICT DO NOTHING',
        [left.map((x) => x.leftUnitId), left.map((x) => x.id)],
      );
    }
  }
  const m = batch.mutations;
  if (m.length > 0) {
    await c.query(
      'INSERT INTO mutations (client_id, seq, mutation_id, user_id, kind, record_id, op, version) SELECT * FROM ' +
        'unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int8[])',
      [
        m.map((x) => x.clientId),
        m.map((x) => x.seq),
        m.map((x) => x.mutationId),
        m.map((x) => x.userId),
        m.map((x) => x.kind),
        m.map((x) => x.recordId),
        m.map((x) => x.op),
        m.map((x) => x.version),
      ],
    );
  }
  await insertAudit(c, batch.audit);
  if (batch.client) {
    await c.query(
      'INSERT INTO clients (client_id, user_id, last_seq) VALUES ($1, $2, $3) ' +
        'ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq',
      [batch.client.clientId, batch.client.userId, batch.client.lastSeq],
    );
  }
  await c.query('UPDATE version_counter SET v = $1 WHERE id = 1', [batch.version]);
}

export async function insertAudit(q: Queryable, a: readonly AuditEntry[]): Promise<void> {
  if (a.length === 0) return;
  // One JSON document, as for records: a jsonb[] parameter is escaped element by element on both ends, which
  // made the audit rows of a 50,000-row import cost as much as the records themselves.
  const rows = a.map((x) => ({
    user_id: x.userId,
    action: x.action,
    kind: x.kind,
    record_id: x.recordId,
    detail: x.detail === undefined ? null : x.detail,
    client_id: x.clientId ?? null,
    address: x.address ?? null,
  }));
  await q.query(
    'INSERT INTO audit_log (user_id, action, kind, record_id, detail, client_id, address) SELECT user_id, action, ' +
      'kind, record_id, detail, client_id, address FROM jsonb_to_recordset($1::jsonb) AS x(user_id text, ' +
      'action text, kind text, record_id text, detail jsonb, client_id text, address text)',
    [JSON.stringify(rows)],
  );
}
