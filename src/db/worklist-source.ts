import type { WorklistInput } from '../model/worklist.ts';
import type { ZoufangDB } from './database.ts';

/**
 * Everything the must-visit list is computed from: the device's persons, visits, needs and condolences.
 * Deleted records are not in the tables (a delete removes the row), so they never count.
 *
 * Read in ONE read transaction: a sync pull landing between two table reads must not give a visit without
 * its person, or a need without the visit that raised it. Rows are returned whole; the caller keeps only
 * what it computes from them, so the arrays can be collected right after (50,000 visits are megabytes).
 */
export function readWorklistInput(db: ZoufangDB): Promise<Required<WorklistInput>> {
  return db.transaction('r', [db.person, db.visit, db.need, db.condolence], async () => {
    const [persons, visits, needs, condolences] = await Promise.all([
      db.person.toArray(),
      db.visit.toArray(),
      db.need.toArray(),
      db.condolence.toArray(),
    ]);
    return { persons, visits, needs, condolences };
  });
}
