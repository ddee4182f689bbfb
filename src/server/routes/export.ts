import type { FastifyInstance } from 'fastify';
import { OrgIndex } from '../../model/org.ts';
import { checkPeriod } from '../../model/report-period.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { LOCATION_ROLES, WHOLE_ID_ROLES } from '../../model/roles.ts';
import { EXPORT_KINDS, exportKindsFor, isExportKind, type ExportKind } from '../../protocol/export.ts';
import { exportTable } from '../export/columns.ts';
import { CONTENT_TYPES, renderTable } from '../export/render.ts';
import { areaFilter } from '../replication/scope.ts';
import { auditEntry } from '../audit/actions.ts';
import { auditContext, requireUser, type RouteOptions } from './guard.ts';
import { KIND_LABELS } from '../../model/kinds.ts';

/** The date a record counts by, for the optional `from`/`to` filter (persons have none and are not filtered). */
const DATE_FIELD: Partial<Record<ExportKind, string>> = {
  visit: 'date',
  condolence: 'date',
  need: 'openedDate',
  needStep: 'date',
  activity: 'date',
};

/**
 * GET /api/export/:kind.csv|.xlsx[?from=&to=] — every live record of a kind in the caller's area (SPEC.md S1:
 * community, street, district; a team leader only its team's activities). ID numbers and mobiles are masked
 * unless the role may see them whole (WHOLE_ID_ROLES, model/roles.ts). Each export is written to the audit log.
 */
export function exportRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.get('/api/export/:file', async (req, reply) => {
    const user = await requireUser(store, req);
    const file = (req.params as { file?: string }).file ?? '';
    const m = /^([A-Za-z]+)\.(csv|xlsx)$/.exec(file);
    const kind = m?.[1] ?? '';
    const format = m?.[2] === 'xlsx' ? 'xlsx' : 'csv';
    if (!m || !isExportKind(kind)) {
      throw new ProtocolError(
        'not_found',
        `可导出的类型：${EXPORT_KINDS.map((k) => `${k}.csv / ${k}.xlsx`).join('，')}`,
      );
    }
    const q = (req.query ?? {}) as Record<string, unknown>;
    let period: { from: string; to: string } | null = null;
    if (q['from'] !== undefined || q['to'] !== undefined) {
      const p = checkPeriod(q['from'], q['to']);
      if (!p.ok) throw new ProtocolError('bad_request', p.message);
      period = p.period;
    }
    const org = new OrgIndex(await store.getOrg());
    const area = areaFilter(org, user);
    if (!exportKindsFor(user.role).includes(kind)) {
      throw new ProtocolError('forbidden', '志愿服务队队长只能导出本队的志愿服务活动');
    }
    const kinds = kind === 'person' ? (['person'] as const) : ([kind, 'person'] as const);
    const scanned = await store.scanRecords({ kinds, unitIds: 'unitIds' in area ? area.unitIds : null });
    const personNames = new Map<string, string>();
    const rows: Record<string, unknown>[] = [];
    const dateField = DATE_FIELD[kind];
    for (const r of scanned) {
      if (r.deleted || r.data === null) continue;
      if (r.kind === 'person')
        personNames.set(r.id, typeof r.data['name'] === 'string' ? r.data['name'] : '');
      if (r.kind !== kind) continue;
      if ('teamId' in area && r.teamId !== area.teamId) continue;
      if (period && dateField) {
        const d = r.data[dateField];
        if (typeof d !== 'string' || d < period.from || d > period.to) continue;
      }
      rows.push(r.data);
    }
    const unmasked = WHOLE_ID_ROLES.has(user.role);
    const locations = LOCATION_ROLES.has(user.role);
    const t = exportTable(kind, rows, { org, unmasked, personNames, locations });
    const body = await renderTable(format, KIND_LABELS[kind], t.header, t.rows);
    // Which records left the server in this file, by id (SPEC.md S7).
    await store.appendAudit([
      auditEntry(auditContext(req, user), 'export', {
        kind,
        detail: {
          format,
          count: rows.length,
          unmasked,
          locations,
          period,
          ids: rows.map((r) => String(r['id'])),
        },
      }),
    ]);
    return reply
      .header('Content-Type', CONTENT_TYPES[format])
      .header('Content-Disposition', `attachment; filename="${kind}.${format}"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  });
}
