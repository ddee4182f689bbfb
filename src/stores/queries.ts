import type { LocalRecord, RejectedEntry } from '../db/database.ts';
import { getDb } from './db.ts';

/**
 * Read queries of the record screens, meant for `useLiveQuery` so lists update live (local writes, other
 * tabs, pulls). Rows keep their `_v`; screens ignore it.
 */
export function personById(id: string): Promise<LocalRecord<'person'> | undefined> {
  return getDb().person.get(id);
}

export function visitsOf(personId: string): Promise<LocalRecord<'visit'>[]> {
  return getDb()
    .visit.where('personId')
    .equals(personId)
    .toArray()
    .then((rows) => rows.sort((a, b) => b.date.localeCompare(a.date)));
}

export function condolencesOf(personId: string): Promise<LocalRecord<'condolence'>[]> {
  return getDb()
    .condolence.where('personId')
    .equals(personId)
    .toArray()
    .then((rows) => rows.sort((a, b) => b.date.localeCompare(a.date)));
}

export function needsOf(personId: string): Promise<LocalRecord<'need'>[]> {
  return getDb()
    .need.where('personId')
    .equals(personId)
    .toArray()
    .then((rows) => rows.sort((a, b) => b.openedDate.localeCompare(a.openedDate)));
}

export function needById(id: string): Promise<LocalRecord<'need'> | undefined> {
  return getDb().need.get(id);
}

/** Needs not yet closed or declined, the most urgent first, then the oldest: the follow-up list. */
export function openNeeds(): Promise<LocalRecord<'need'>[]> {
  const rank: Record<string, number> = { 紧急: 0, 较急: 1, 一般: 2 };
  return getDb()
    .need.where('status')
    .anyOf(['登记', '已转介', '已申请基金', '已帮扶'])
    .toArray()
    .then((rows) =>
      rows.sort(
        (a, b) => (rank[a.urgency] ?? 3) - (rank[b.urgency] ?? 3) || a.openedDate.localeCompare(b.openedDate),
      ),
    );
}

/** A need's status history, oldest first (append-only, SPEC.md P12). */
export function stepsOf(needId: string): Promise<LocalRecord<'needStep'>[]> {
  return getDb()
    .needStep.where('needId')
    .equals(needId)
    .toArray()
    .then((rows) => rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
}

export interface RecentRecord {
  readonly kind: 'visit' | 'condolence' | 'need' | 'activity';
  readonly id: string;
  readonly date: string;
  readonly personId: string | null;
  readonly title: string;
}

/** The latest records of every kind, newest first: the 记录 tab. */
export async function recentRecords(limit: number): Promise<RecentRecord[]> {
  const db = getDb();
  const [visits, condolences, needs, activities] = await Promise.all([
    db.visit.orderBy('date').reverse().limit(limit).toArray(),
    db.condolence.orderBy('date').reverse().limit(limit).toArray(),
    db.need.reverse().limit(limit).toArray(),
    db.activity.orderBy('date').reverse().limit(limit).toArray(),
  ]);
  const out: RecentRecord[] = [
    ...visits.map((v) => ({
      kind: 'visit' as const,
      id: v.id,
      date: v.date,
      personId: v.personId,
      title: `${v.campaign}${v.trigger ? `·${v.trigger}` : ''} · ${v.method}`,
    })),
    ...condolences.map((c) => ({
      kind: 'condolence' as const,
      id: c.id,
      date: c.date,
      personId: c.personId,
      title: `${c.occasion}慰问${c.unitName ? ` · ${c.unitName}` : ''}`,
    })),
    ...needs.map((n) => ({
      kind: 'need' as const,
      id: n.id,
      date: n.openedDate,
      personId: n.personId,
      title: `${n.category} · ${n.status}`,
    })),
    ...activities.map((a) => ({
      kind: 'activity' as const,
      id: a.id,
      date: a.date,
      personId: null,
      title: `${a.theme} · ${a.title}`,
    })),
  ];
  return out.sort((a, b) => b.date.localeCompare(a.date)).slice(0, limit);
}

/** Names of persons by id, for lists that show records of several persons. */
export async function personNames(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await getDb().person.bulkGet([...new Set(ids)]);
  return new Map(rows.filter((p) => p !== undefined).map((p) => [p.id, p.name]));
}

/** Conflicts not yet reviewed, then the reviewed ones. */
export function conflicts(): Promise<LocalRecord<'conflict'>[]> {
  return getDb()
    .conflict.toArray()
    .then((rows) =>
      rows.sort(
        (a, b) =>
          Number(a.resolution !== null) - Number(b.resolution !== null) ||
          b.createdAt.localeCompare(a.createdAt),
      ),
    );
}

/** Changes the server refused (SPEC.md C6), newest first. */
export function refusedChanges(): Promise<RejectedEntry[]> {
  return getDb()
    .rejected.toArray()
    .then((rows) => rows.reverse());
}
