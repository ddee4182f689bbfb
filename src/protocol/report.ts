import { z } from 'zod';
import { LEVELS } from '../model/org.ts';
import type { ReportQuery, ReportSummary } from '../model/report.ts';

/**
 * The bureau's figures on the wire: `GET /api/reports/summary?from=YYYY-MM-DD&to=YYYY-MM-DD[&unit=ID]` answers a
 * ReportSummary (model/report.ts, the same aggregation the device runs offline); `.csv` / `.xlsx` answer it as
 * a file. District admin any unit, street staff its street (src/server/reports/access.ts).
 */
export const REPORT_SUMMARY_PATH = '/api/reports/summary';

/** The query string of a report request (the server defaults the unit to the caller's own). */
export function reportQueryString(q: ReportQuery): string {
  return `from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}&unit=${encodeURIComponent(q.unitId)}`;
}

const countsSchema = z.record(z.string(), z.number());

export const reportSummarySchema: z.ZodType<ReportSummary> = z.lazy(() =>
  z.object({
    from: z.string(),
    to: z.string(),
    unit: z.object({ id: z.string(), name: z.string(), level: z.enum(LEVELS) }),
    visits: z.number(),
    visitsByCampaign: countsSchema,
    condolences: z.number(),
    condolencesToUnits: z.number(),
    condolenceCashYuan: z.number(),
    condolenceGoodsYuan: z.number(),
    fundAidedPersons: z.number(),
    fundAmountYuan: z.number(),
    needsOpened: z.number(),
    needsClosed: z.number(),
    volunteerActivities: z.number(),
    activitiesByTheme: countsSchema,
    volunteerParticipations: z.number(),
    volunteerPeopleServed: z.number(),
    volunteerHours: z.number(),
    personsReceived: z.number(),
    children: z.array(reportSummarySchema),
  }),
);
