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

/**
 * The whole batch in ONE statement (data-modifying CTEs, one per table, and the counter update as the main
 * statement), whatever its size: jsonb_to_recordset / unnest turn the batch into rows. One round trip instead of
 * one per table: on a loaded database host each round trip waits for the backend to be scheduled again.
 */
export async function saveBatch(c: PoolClient, batch: WriteBatch): Promise<void> {
  const params: unknown[] = [];
  const param = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const ctes: string[] = [];
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
    ctes.push(
      `r AS (INSERT INTO records (${WRITE_COLS}) SELECT ${WRITE_COLS} FROM jsonb_to_recordset(${param(JSON.stringify(rows))}::jsonb) AS x(` +
        'id text, kind text, version int8, deleted bool, unit_id text, street_id text, team_id text, data jsonb, ' +
        'stamps jsonb, left_unit_id text, left_team_id text, report text, report_lo text, report_hi text) ' +
        'ON CONFLICT (id) DO UPDATE SET report = excluded.report, report_lo = excluded.report_lo, ' +
        'report_hi = excluded.report_hi, ' +
        'kind = excluded.kind, version = excluded.version, deleted = excluded.deleted, unit_id = excluded.unit_id, ' +
        'street_id = excluded.street_id, team_id = excluded.team_id, data = excluded.data, stamps = excluded.stamps, ' +
        'left_unit_id = excluded.left_unit_id, left_team_id = excluded.left_team_id)',
    );
    // Every unit a record ever left (SPEC.md S2: A → B → C still reaches A), in the same statement.
    const left = r.filter((x) => x.leftUnitId);
    if (left.length > 0) {
      ctes.push(
        `l AS (INSERT INTO record_left_units (unit_id, record_id) SELECT * FROM unnest(` +
          `${param(left.map((x) => x.leftUnitId))}::text[], ${param(left.map((x) => x.id))}::text[]) ` +
          'ON CONFLICT DO NOTHING)',
      );
    }
  }
  const m = batch.mutations;
  if (m.length > 0) {
    ctes.push(
      'm AS (INSERT INTO mutations (client_id, seq, mutation_id, user_id, kind, record_id, op, version) SELECT * FROM ' +
        `unnest(${param(m.map((x) => x.clientId))}::text[], ${param(m.map((x) => x.seq))}::int8[], ` +
        `${param(m.map((x) => x.mutationId))}::text[], ${param(m.map((x) => x.userId))}::text[], ` +
        `${param(m.map((x) => x.kind))}::text[], ${param(m.map((x) => x.recordId))}::text[], ` +
        `${param(m.map((x) => x.op))}::text[], ${param(m.map((x) => x.version))}::int8[]))`,
    );
  }
  if (batch.audit.length > 0) ctes.push(`a AS (${auditInsert(batch.audit, param)})`);
  if (batch.client) {
    ctes.push(
      `c AS (INSERT INTO clients (client_id, user_id, last_seq) VALUES (${param(batch.client.clientId)}, ` +
        `${param(batch.client.userId)}, ${param(batch.client.lastSeq)}) ` +
        'ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq)',
    );
  }
  const head = ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : '';
  await c.query(`${head}UPDATE version_counter SET v = ${param(batch.version)} WHERE id = 1`, params);
}

/** The audit rows as one INSERT … SELECT over one JSON document; `param` places the document. */
function auditInsert(a: readonly AuditEntry[], param: (v: unknown) => string): string {
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
  return (
    'INSERT INTO audit_log (user_id, action, kind, record_id, detail, client_id, address) SELECT user_id, action, ' +
    `kind, record_id, detail, client_id, address FROM jsonb_to_recordset(${param(JSON.stringify(rows))}::jsonb) AS x(` +
    'user_id text, action text, kind text, record_id text, detail jsonb, client_id text, address text)'
  );
}

export async function insertAudit(q: Queryable, a: readonly AuditEntry[]): Promise<void> {
  if (a.length === 0) return;
  const params: unknown[] = [];
  await q.query(
    auditInsert(a, (v) => {
      params.push(v);
      return `$${params.length}`;
    }),
    params,
  );
}
