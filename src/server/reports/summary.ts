import type { Kind } from '../../model/kinds.ts';
import { OrgIndex } from '../../model/org.ts';
import {
  summarize,
  type ReportActivity,
  type ReportCondolence,
  type ReportNeed,
  type ReportNeedStep,
  type ReportPerson,
  type ReportQuery,
  type ReportSummary,
  type ReportVisit,
} from '../../model/report.ts';
import type { Store } from '../storage/store.ts';

/**
 * The summary over the store's live records, by the one pure aggregation the device also runs. The store hands
 * over the report projections (projection.ts: the fields `summarize` reads) of the records that may count in
 * the period, one JSON array per kind; `summarize` decides what counts. Reads only the units of the requested
 * subtree; the district root reads everything.
 */
export async function storeSummary(
  store: Store,
  q: ReportQuery,
  orgIndex?: OrgIndex,
): Promise<ReportSummary> {
  const org = orgIndex ?? new OrgIndex(await store.getOrg());
  const unitIds = org.root?.id === q.unitId ? null : org.subtree(q.unitId);
  const lists = await store.scanReport({ unitIds, from: q.from, to: q.to });
  // The projections were written by projection.ts from validated records: their shapes are the Report* types.
  const list = <T>(kind: Kind): T[] => JSON.parse(lists.get(kind) ?? '[]') as T[];
  return summarize(
    org,
    {
      persons: list<ReportPerson>('person'),
      visits: list<ReportVisit>('visit'),
      condolences: list<ReportCondolence>('condolence'),
      needs: list<ReportNeed>('need'),
      needSteps: list<ReportNeedStep>('needStep'),
      activities: list<ReportActivity>('activity'),
    },
    q,
  );
}
