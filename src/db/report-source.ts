import type { Kind, RecordOf } from '../model/kinds.ts';
import type { OrgIndex } from '../model/org.ts';
import type { ReportRecords } from '../model/report.ts';
import type { LocalRecord, ZoufangDB } from './database.ts';
import { toStorageError } from './errors.ts';

/**
 * The device's records for a report computed offline (model/report.ts `summarize`), limited to one unit's
 * subtree: records hang off a community, activities off their team's unit (district, street or community).
 *
 * Contract: only LIVE records. A record deleted on the device, or by a tombstone from the server, is removed
 * from its table at once (repository.ts deleteRecord, sync-store.ts applyPullPage) — there is no deleted flag
 * to filter — so every row read here is live, in its current state, with local unpushed edits applied.
 * The period is not applied here: `summarize` filters each record by its own date.
 *
 * Hazard: the device holds only its worker's area (and what it has synced); the caller must say so.
 */
export async function readReportRecords(
  db: ZoufangDB,
  org: OrgIndex,
  unitId: string,
): Promise<ReportRecords> {
  const unitIds = org.subtree(unitId);
  const communityIds = unitIds.filter((id) => org.byId.get(id)?.level === 'community');
  try {
    return await db.transaction(
      'r',
      [db.person, db.visit, db.condolence, db.need, db.needStep, db.activity],
      async () => {
        const [persons, visits, condolences, needs, activities] = await Promise.all([
          db.person.where('communityId').anyOf(communityIds).toArray(),
          db.visit.where('communityId').anyOf(communityIds).toArray(),
          db.condolence.where('communityId').anyOf(communityIds).toArray(),
          db.need.where('communityId').anyOf(communityIds).toArray(),
          db.activity.where('unitId').anyOf(unitIds).toArray(),
        ]);
        // Steps only decide whether a need in the area reached 已帮扶: read those of the area's needs.
        const needSteps =
          needs.length > 0
            ? await db.needStep
                .where('needId')
                .anyOf(needs.map((n) => n.id))
                .toArray()
            : [];
        return {
          persons: persons.map(strip<'person'>),
          visits: visits.map(strip<'visit'>),
          condolences: condolences.map(strip<'condolence'>),
          needs: needs.map(strip<'need'>),
          needSteps: needSteps.map(strip<'needStep'>),
          activities: activities.map(strip<'activity'>),
        };
      },
    );
  } catch (e) {
    throw toStorageError(e);
  }
}

/** The record without the device's `_v` bookkeeping. */
function strip<K extends Kind>(row: LocalRecord<K>): RecordOf<K> {
  const { _v: _ignored, ...rest } = row;
  return rest as unknown as RecordOf<K>;
}
