import { todayCounts as countToday, type TodayCounts } from '../db/queries.ts';
import { getDb } from './db.ts';

/**
 * What the home screen counts. Important: this module (and everything the home screen imports) must not
 * import src/db/repository.ts or any zod schema — the first screen's JS budget is 50 KB gzip.
 */
export type { TodayCounts };

export function todayCounts(today: string): Promise<TodayCounts> {
  return countToday(getDb(), today);
}
