import type { Pool, PoolClient } from 'pg';
import type { Kind } from '../../model/kinds.ts';
import { PROJECTED_KINDS, PROJECTION_VERSION, reportProjection } from '../reports/projection.ts';
import type { Raw } from './pg-sql.ts';
import type { ReportScan } from './store.ts';

/** The report projection of the PostgreSQL store: the summary's scan and the recompute on open. */

/** Records whose projection may count in the period; see Store.scanReport. */
export async function scanReportLists(c: PoolClient, q: ReportScan): Promise<Map<Kind, string>> {
  const params: unknown[] = [q.from, q.to];
  let sql =
    // One JSON array text per kind, built by the server: one string (and one JSON.parse) per kind, not a row each.
    "SELECT kind, '[' || string_agg(report, ',' ORDER BY version, id) || ']' AS list FROM records " +
    'WHERE report IS NOT NULL AND report_hi >= $1 AND report_lo <= $2';
  if (q.unitIds !== null) {
    params.push(q.unitIds);
    sql += ' AND unit_id = ANY($3::text[])';
  }
  const { rows } = await c.query<Raw>(`${sql} GROUP BY kind`, params);
  return new Map(rows.map((r) => [r['kind'] as Kind, String(r['list'])]));
}

const PAGE = 5_000;

/**
 * Recomputes every row's projection when the stored projection version is not the code's (after migration 3,
 * or after PROJECTION_VERSION was bumped). Runs on open, holding the version counter's lock so that no write
 * interleaves (SPEC.md P7); a second server opening at once waits and then finds the version current.
 */
export async function refreshProjections(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT v FROM version_counter WHERE id = 1 FOR UPDATE');
    const { rows: meta } = await c.query<Raw>('SELECT v FROM report_projection WHERE id = 1');
    if (Number(meta[0]?.['v']) !== PROJECTION_VERSION) {
      await c.query(
        'UPDATE records SET report = NULL, report_lo = NULL, report_hi = NULL WHERE report IS NOT NULL',
      );
      for (let after = ''; ;) {
        const { rows } = await c.query<Raw>(
          'SELECT id, kind, data FROM records WHERE id > $1 AND NOT deleted AND data IS NOT NULL ' +
            'AND kind = ANY($2::text[]) ORDER BY id LIMIT $3',
          [after, PROJECTED_KINDS, PAGE],
        );
        const set = rows.flatMap((r) => {
          const p = reportProjection(r['kind'] as Kind, r['data'] as Record<string, unknown>);
          return p ? [{ id: r['id'], report: p.json, lo: p.lo, hi: p.hi }] : [];
        });
        if (set.length > 0) {
          await c.query(
            'UPDATE records SET report = x.report, report_lo = x.lo, report_hi = x.hi FROM ' +
              'json_to_recordset($1::json) AS x(id text, report text, lo text, hi text) WHERE records.id = x.id',
            [JSON.stringify(set)],
          );
        }
        const last = rows.at(-1);
        if (rows.length < PAGE || !last) break;
        after = String(last['id']);
      }
      await c.query('UPDATE report_projection SET v = $1 WHERE id = 1', [PROJECTION_VERSION]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}
