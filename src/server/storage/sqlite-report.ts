import type { Kind } from '../../model/kinds.ts';
import { PROJECTED_KINDS, PROJECTION_VERSION, reportProjection } from '../reports/projection.ts';
import type { Db, Raw } from './sqlite-sql.ts';
import type { ReportScan } from './store.ts';

/** The report projection of the SQLite store: the summary's scan and the recompute on open. */

/** Records whose projection may count in [@from, @to]; see Store.scanReport. */
const REPORT_WHERE = 'report IS NOT NULL AND report_hi >= @from AND report_lo <= @to';

export function reportScanSql(unitIds: readonly string[] | null): string {
  const units = unitIds === null ? '' : ' AND unit_id IN (SELECT value FROM json_each(@units))';
  // One JSON array per kind, built by SQLite: one string (and one JSON.parse) per kind instead of a row each.
  // Important: group_concat(… ORDER BY …) needs SQLite ≥ 3.44 (better-sqlite3 bundles its own, newer one).
  return (
    `SELECT kind, '[' || group_concat(report, ',' ORDER BY version, id) || ']' AS list FROM records ` +
    `WHERE ${REPORT_WHERE}${units} GROUP BY kind`
  );
}

export function reportScanParams(q: ReportScan): Raw {
  return { from: q.from, to: q.to, units: JSON.stringify(q.unitIds ?? []) };
}

export function toReportLists(rows: readonly Raw[]): Map<Kind, string> {
  return new Map(rows.map((r) => [r['kind'] as Kind, String(r['list'])]));
}

const PAGE = 5_000;

/**
 * Recomputes every row's projection when the stored projection version is not the code's (after migration 3,
 * or after PROJECTION_VERSION was bumped). Runs on open, before the store serves; one IMMEDIATE transaction.
 */
export function refreshProjections(db: Db): void {
  const stored = Number((db.prepare('SELECT v FROM report_projection WHERE id = 1').get() as Raw)['v']);
  if (stored === PROJECTION_VERSION) return;
  const page = db.prepare(
    'SELECT id, kind, data FROM records WHERE id > ? AND deleted = 0 AND data IS NOT NULL ' +
      `AND kind IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ${PAGE}`,
  );
  const set = db.prepare('UPDATE records SET report = ?, report_lo = ?, report_hi = ? WHERE id = ?');
  db.transaction(() => {
    db.exec('UPDATE records SET report = NULL, report_lo = NULL, report_hi = NULL');
    const kinds = JSON.stringify(PROJECTED_KINDS);
    for (let after = ''; ;) {
      const rows = page.all(after, kinds) as Raw[];
      for (const r of rows) {
        const p = reportProjection(
          r['kind'] as Kind,
          JSON.parse(String(r['data'])) as Record<string, unknown>,
        );
        if (p) set.run(p.json, p.lo, p.hi, r['id']);
      }
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) break;
      after = String(last['id']);
    }
    db.prepare('UPDATE report_projection SET v = ? WHERE id = 1').run(PROJECTION_VERSION);
  }).immediate();
}
