import type { Draft } from '../db/database.ts';
import { listDrafts } from '../db/drafts.ts';
import { getDb } from './db.ts';

/**
 * What the home screen counts. Important: this module (and everything the home screen imports) must not
 * import src/db/repository.ts or any zod schema — the first screen's JS budget is 50 KB gzip.
 */
export interface TodayCounts {
  readonly visitsToday: number;
  readonly needsDue: number;
  readonly openConflicts: number;
  readonly drafts: readonly Draft[];
}

const OPEN = new Set(['登记', '已转介', '已申请基金', '已帮扶']);

export async function todayCounts(today: string): Promise<TodayCounts> {
  const db = getDb();
  const [visitsToday, needsDue, openConflicts, drafts] = await Promise.all([
    db.visit.where('date').equals(today).count(),
    db.need
      .where('followUpDate')
      .belowOrEqual(today)
      .filter((n) => OPEN.has(n.status))
      .count(),
    db.conflict.filter((c) => c.resolution === null).count(),
    listDrafts(db),
  ]);
  return { visitsToday, needsDue, openConflicts, drafts };
}
