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
  /** The first few open needs whose follow-up date has come, oldest first. */
  readonly dueNeeds: readonly { id: string; personId: string; category: string; followUpDate: string }[];
  readonly openConflicts: number;
  readonly drafts: readonly Draft[];
}

const OPEN = new Set(['登记', '已转介', '已申请基金', '已帮扶']);

export async function todayCounts(today: string): Promise<TodayCounts> {
  const db = getDb();
  const [visitsToday, due, openConflicts, drafts] = await Promise.all([
    db.visit.where('date').equals(today).count(),
    db.need
      .where('followUpDate')
      .belowOrEqual(today)
      .filter((n) => OPEN.has(n.status))
      .toArray(),
    db.conflict.filter((c) => c.resolution === null).count(),
    listDrafts(db),
  ]);
  const dueNeeds = due.slice(0, 5).map((n) => ({
    id: n.id,
    personId: n.personId,
    category: n.category,
    followUpDate: n.followUpDate ?? '',
  }));
  return { visitsToday, needsDue: due.length, dueNeeds, openConflicts, drafts };
}
