import type { FastifyInstance } from 'fastify';
import { OrgIndex } from '../../model/org.ts';
import { checkPeriod } from '../../model/report-period.ts';
import { ReportError } from '../../model/report.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { CONTENT_TYPES, renderTable, summaryTable } from '../export/render.ts';
import { EXPORT_FORMATS } from '../../protocol/export.ts';
import { REPORT_SUMMARY_PATH } from '../../protocol/report.ts';
import { reportRefusal } from '../reports/access.ts';
import { storeSummary } from '../reports/summary.ts';
import { requireUser, type RouteOptions } from './guard.ts';

/**
 * GET /api/reports/summary?from=YYYY-MM-DD&to=YYYY-MM-DD[&unit=ID] → the summary JSON (model/report.ts);
 * `.csv` / `.xlsx` → the same as a table. The unit defaults to the caller's own. Bad dates, from > to and an
 * unknown unit are 400 with a reason; a unit outside the caller's reach is 403 (reports/access.ts).
 */
export function reportRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  const compute = async (
    req: { headers: Record<string, unknown>; query: unknown },
    user: Awaited<ReturnType<typeof requireUser>>,
  ) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const period = checkPeriod(q['from'], q['to']);
    if (!period.ok) throw new ProtocolError('bad_request', period.message, { from: q['from'], to: q['to'] });
    const unitId = typeof q['unit'] === 'string' && q['unit'] !== '' ? q['unit'] : user.unitId;
    const org = new OrgIndex(await store.getOrg());
    if (!org.byId.has(unitId))
      throw new ProtocolError('bad_request', `未知的单位 ${unitId}`, { unit: unitId });
    const refusal = reportRefusal(org, user, unitId);
    if (refusal) throw new ProtocolError('forbidden', refusal, { unit: unitId, role: user.role });
    try {
      return await storeSummary(store, { ...period.period, unitId }, org);
    } catch (e) {
      if (e instanceof ReportError) throw new ProtocolError('bad_request', e.message, { reason: e.reason });
      throw e;
    }
  };

  app.get(REPORT_SUMMARY_PATH, async (req) => compute(req, await requireUser(store, req)));

  for (const format of EXPORT_FORMATS) {
    app.get(`${REPORT_SUMMARY_PATH}.${format}`, async (req, reply) => {
      const summary = await compute(req, await requireUser(store, req));
      const t = summaryTable(summary);
      const body = await renderTable(format, '统计报表', t.header, t.rows);
      const name = `report-${summary.unit.id}-${summary.from}-${summary.to}.${format}`;
      return reply
        .header('Content-Type', CONTENT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('Cache-Control', 'no-store')
        .send(body);
    });
  }
}
