import type { Draft, LocalRecord, RejectedEntry, ZoufangDB } from './database.ts';
import { listDrafts } from './drafts.ts';
import type { Kind } from '../model/kinds.ts';

/**
 * The read queries of the screens, over the device database: the stores call these (src/stores/queries.ts,
 * home.ts, persons.ts) and never touch Dexie tables themselves. Rows keep their `_v`; screens ignore it.
 *
 * Important: the home screen imports this module, and the first screen's JS budget is 50 KB gzip: import no
 * zod schema and not repository.ts here.
 */

/** Need statuses that still ask for work (not 已办结, not 不予帮扶). */
const OPEN_NEED_STATUSES = ['登记', '已转介', '已申请基金', '已帮扶'] as const;

export function personById(db: ZoufangDB, id: string): Promise<LocalRecord<'person'> | undefined> {
  return db.person.get(id);
}

/**
 * The persons of this device's area holding an ID number (stored normalised, SPEC.md P19): the person form warns
 * with a link to them before a second file is made.
 */
export function personsWithIdNumber(db: ZoufangDB, idNumber: string): Promise<LocalRecord<'person'>[]> {
  return db.person.where('idNumber').equals(idNumber).toArray();
}

/** One record of any kind, voided or not (its record screen). */
export function recordById<K extends Kind>(
  db: ZoufangDB,
  kind: K,
  id: string,
): Promise<LocalRecord<K> | undefined> {
  return db.table_(kind).get(id);
}

/**
 * Who or what a record is about, for people (the conflict screen): a person's name — the person itself, or the
 * person a visit, condolence or need is for — else a unit condolence's unit or an activity's title; null when
 * the device does not hold the record.
 */
export async function subjectOf(db: ZoufangDB, kind: Kind, id: string): Promise<string | null> {
  if (kind === 'person') return (await db.person.get(id))?.name ?? null;
  const rec = (await db.table_(kind).get(id)) as Record<string, unknown> | undefined;
  if (!rec) return null;
  const personId = rec['personId'];
  if (typeof personId === 'string') return (await db.person.get(personId))?.name ?? null;
  for (const field of ['unitName', 'title']) {
    const v = rec[field];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** Every person on the device: the search index's source. */
export function allPersons(db: ZoufangDB): Promise<LocalRecord<'person'>[]> {
  return db.person.toArray();
}

export async function visitsOf(db: ZoufangDB, personId: string): Promise<LocalRecord<'visit'>[]> {
  const rows = await db.visit.where('personId').equals(personId).toArray();
  return rows.sort((a, b) => b.date.localeCompare(a.date));
}

export async function condolencesOf(db: ZoufangDB, personId: string): Promise<LocalRecord<'condolence'>[]> {
  const rows = await db.condolence.where('personId').equals(personId).toArray();
  return rows.sort((a, b) => b.date.localeCompare(a.date));
}

export async function needsOf(db: ZoufangDB, personId: string): Promise<LocalRecord<'need'>[]> {
  const rows = await db.need.where('personId').equals(personId).toArray();
  return rows.sort((a, b) => b.openedDate.localeCompare(a.openedDate));
}

export function needById(db: ZoufangDB, id: string): Promise<LocalRecord<'need'> | undefined> {
  return db.need.get(id);
}

/** Needs not yet closed or declined, the most urgent first, then the oldest: the follow-up list. */
export async function openNeeds(db: ZoufangDB): Promise<LocalRecord<'need'>[]> {
  const rank: Record<string, number> = { 紧急: 0, 较急: 1, 一般: 2 };
  const rows = await db.need.where('status').anyOf(OPEN_NEED_STATUSES).toArray();
  return rows.sort(
    (a, b) => (rank[a.urgency] ?? 3) - (rank[b.urgency] ?? 3) || a.openedDate.localeCompare(b.openedDate),
  );
}

/** A need's status history, oldest first (append-only, SPEC.md P12). */
export async function stepsOf(db: ZoufangDB, needId: string): Promise<LocalRecord<'needStep'>[]> {
  const rows = await db.needStep.where('needId').equals(needId).toArray();
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export interface RecentRecord {
  readonly kind: 'visit' | 'condolence' | 'need' | 'activity';
  readonly id: string;
  readonly date: string;
  readonly personId: string | null;
  readonly title: string;
  /** Voided (SPEC.md R4): listed as 已作废. */
  readonly voided: boolean;
}

/** The latest records of every kind, newest first: the 记录 tab. */
export async function recentRecords(db: ZoufangDB, limit: number): Promise<RecentRecord[]> {
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
      voided: v.voidedAt !== undefined,
    })),
    ...condolences.map((c) => ({
      kind: 'condolence' as const,
      id: c.id,
      date: c.date,
      personId: c.personId,
      title: `${c.occasion}慰问${c.unitName ? ` · ${c.unitName}` : ''}`,
      voided: c.voidedAt !== undefined,
    })),
    ...needs.map((n) => ({
      kind: 'need' as const,
      id: n.id,
      date: n.openedDate,
      personId: n.personId,
      title: `${n.category} · ${n.status}`,
      voided: false,
    })),
    ...activities.map((a) => ({
      kind: 'activity' as const,
      id: a.id,
      date: a.date,
      personId: null,
      title: `${a.theme} · ${a.title}`,
      voided: a.voidedAt !== undefined,
    })),
  ];
  return out.sort((a, b) => b.date.localeCompare(a.date)).slice(0, limit);
}

/** Names of persons by id, for lists that show records of several persons. */
export async function personNames(db: ZoufangDB, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.person.bulkGet([...new Set(ids)]);
  return new Map(rows.filter((p) => p !== undefined).map((p) => [p.id, p.name]));
}

/** Conflicts not yet reviewed, then the reviewed ones. */
export async function conflicts(db: ZoufangDB): Promise<LocalRecord<'conflict'>[]> {
  const rows = await db.conflict.toArray();
  return rows.sort(
    (a, b) =>
      Number(a.resolution !== null) - Number(b.resolution !== null) || b.createdAt.localeCompare(a.createdAt),
  );
}

/** Changes the server refused (SPEC.md C6), newest first. */
export async function refusedChanges(db: ZoufangDB): Promise<RejectedEntry[]> {
  const rows = await db.rejected.toArray();
  return rows.reverse();
}

/** What the home screen counts for `today` (`YYYY-MM-DD`, China time). */
export interface TodayCounts {
  readonly visitsToday: number;
  readonly needsDue: number;
  /** The first few open needs whose follow-up date has come, oldest first. */
  readonly dueNeeds: readonly { id: string; personId: string; category: string; followUpDate: string }[];
  readonly openConflicts: number;
  readonly drafts: readonly Draft[];
}

export async function todayCounts(db: ZoufangDB, today: string): Promise<TodayCounts> {
  const open: ReadonlySet<string> = new Set(OPEN_NEED_STATUSES);
  const [visitsToday, due, openConflicts, drafts] = await Promise.all([
    db.visit.where('date').equals(today).count(),
    db.need
      .where('followUpDate')
      .belowOrEqual(today)
      .filter((n) => open.has(n.status))
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
