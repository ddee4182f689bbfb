import type { Kind } from '../../model/kinds.ts';
import { OrgIndex } from '../../model/org.ts';
import type { Activity } from '../../model/records/activity.ts';
import type { Condolence } from '../../model/records/condolence.ts';
import type { Need, NeedStep } from '../../model/records/need.ts';
import type { Person } from '../../model/records/person.ts';
import type { Visit } from '../../model/records/visit.ts';
import { summarize, type ReportQuery, type ReportSummary } from '../../model/report.ts';
import type { Store } from '../storage/store.ts';
import { subtree } from '../replication/scope.ts';

export const REPORT_KINDS: readonly Kind[] = [
  'person',
  'visit',
  'condolence',
  'need',
  'needStep',
  'activity',
];

/**
 * The summary over the store's live records (tombstones excluded by the scan), by the one pure aggregation the
 * device also runs. Reads only the units of the requested subtree; the district root reads everything.
 */
export async function storeSummary(
  store: Store,
  q: ReportQuery,
  orgIndex?: OrgIndex,
): Promise<ReportSummary> {
  const org = orgIndex ?? new OrgIndex(await store.getOrg());
  const unitIds = org.root?.id === q.unitId ? null : subtree(org, q.unitId);
  const rows = await store.scanRecords({ kinds: REPORT_KINDS, unitIds });
  const persons: Person[] = [];
  const visits: Visit[] = [];
  const condolences: Condolence[] = [];
  const needs: Need[] = [];
  const needSteps: NeedStep[] = [];
  const activities: Activity[] = [];
  for (const r of rows) {
    if (r.deleted || r.data === null) continue;
    const d = r.data as unknown;
    switch (r.kind) {
      case 'person':
        persons.push(d as Person);
        break;
      case 'visit':
        visits.push(d as Visit);
        break;
      case 'condolence':
        condolences.push(d as Condolence);
        break;
      case 'need':
        needs.push(d as Need);
        break;
      case 'needStep':
        needSteps.push(d as NeedStep);
        break;
      case 'activity':
        activities.push(d as Activity);
        break;
      default:
        break;
    }
  }
  return summarize(org, { persons, visits, condolences, needs, needSteps, activities }, q);
}
