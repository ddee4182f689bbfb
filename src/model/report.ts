import { OrgIndex, type Level, type OrgTree } from './org.ts';
import type { Person } from './records/person.ts';
import type { Visit } from './records/visit.ts';
import type { Condolence } from './records/condolence.ts';
import type { Need, NeedStep } from './records/need.ts';
import type { Activity } from './records/activity.ts';
import { isVoided } from './records/common.ts';
import { ACTIVITY_THEMES, CAMPAIGNS } from './vocab.ts';

/**
 * The bureau's figures (docs/domain.md, "The figures") for one period and one org unit, with the
 * same object for every child unit down to the communities. ONE pure aggregation: the server runs it over all
 * records, a device over its own area, the CLI over the configured database — so the three agree to the figure.
 *
 * Contract (issue 4, part 1):
 * - A period includes both end dates (`from ≤ date ≤ to`, plain `YYYY-MM-DD` string comparison).
 * - Counts are 人次: one per record. Each record counts by its own date: visit.date, condolence.date,
 *   activity.date, need.openedDate (needsOpened), need.closedDate (needsClosed), need.grantDate (funds),
 *   person.receivedDate (personsReceived).
 * - Activities count at their `unitId` (a district or street team's activity counts at that level and in no
 *   child); every other record counts at its `communityId`. A unit's figure = its own records + its children's.
 *   Records at a unit outside the tree, or outside the requested unit, are ignored.
 * - condolences counts records to persons (`personId` not null); the cash and goods sums cover every condolence
 *   of the period, to persons and to units (a garrison) alike, because they are money spent; the records to
 *   units are counted apart in `condolencesToUnits`.
 * - fundAidedPersons: distinct persons with a need that reached 已帮扶 (status 已帮扶 or 已办结, or a needStep to
 *   已帮扶) with a grant (`amountGrantedFen > 0`) whose grantDate is in the period; fundAmountYuan sums those grants.
 * - Yuan figures are summed in integer fen and returned as numbers with at most 2 decimals; hours likewise.
 *
 * Important: the caller passes LIVE records only — tombstones (deleted records) must not be in the iterables.
 * Updated (corrected) records are passed in their current state; each record is read once, so a record counts
 * once. A voided visit, condolence or activity (`voidedAt` set, SPEC.md R4) counts nowhere.
 */
export interface ReportQuery {
  readonly from: string;
  readonly to: string;
  readonly unitId: string;
}

/**
 * The fields `summarize` reads of each kind, and no more: whole records fit, and the server keeps exactly these
 * per record as its report projection (server/reports/projection.ts). Important: reading another field in
 * `summarize` means adding it here — the projection then fails to type-check until it stores that field too.
 */
export type ReportPerson = Pick<Person, 'communityId' | 'receivedDate' | 'duplicateOf'>;
export type ReportVisit = Pick<Visit, 'communityId' | 'date' | 'campaign' | 'voidedAt'>;
export type ReportCondolence = Pick<
  Condolence,
  'communityId' | 'date' | 'personId' | 'cashFen' | 'goodsValueFen' | 'voidedAt'
>;
export type ReportNeed = Pick<
  Need,
  | 'id'
  | 'personId'
  | 'communityId'
  | 'status'
  | 'openedDate'
  | 'closedDate'
  | 'grantDate'
  | 'amountGrantedFen'
>;
export type ReportNeedStep = Pick<NeedStep, 'needId' | 'to'>;
export type ReportActivity = Pick<
  Activity,
  'unitId' | 'date' | 'theme' | 'volunteerCount' | 'peopleServed' | 'hours' | 'voidedAt'
>;

/** What `summarize` takes: live records, whole or projected to the fields above. */
export interface ReportInput {
  readonly persons?: Iterable<ReportPerson>;
  readonly visits?: Iterable<ReportVisit>;
  readonly condolences?: Iterable<ReportCondolence>;
  readonly needs?: Iterable<ReportNeed>;
  readonly needSteps?: Iterable<ReportNeedStep>;
  readonly activities?: Iterable<ReportActivity>;
}

/** Whole live records of each kind (a device's read of its area, fixtures). */
export interface ReportRecords extends ReportInput {
  readonly persons?: Iterable<Person>;
  readonly visits?: Iterable<Visit>;
  readonly condolences?: Iterable<Condolence>;
  readonly needs?: Iterable<Need>;
  readonly needSteps?: Iterable<NeedStep>;
  readonly activities?: Iterable<Activity>;
}

export interface ReportSummary {
  from: string;
  to: string;
  unit: { id: string; name: string; level: Level };
  visits: number;
  visitsByCampaign: Record<string, number>;
  condolences: number;
  condolencesToUnits: number;
  condolenceCashYuan: number;
  condolenceGoodsYuan: number;
  fundAidedPersons: number;
  fundAmountYuan: number;
  needsOpened: number;
  needsClosed: number;
  volunteerActivities: number;
  activitiesByTheme: Record<string, number>;
  volunteerParticipations: number;
  volunteerPeopleServed: number;
  volunteerHours: number;
  personsReceived: number;
  children: ReportSummary[];
}

/** The running totals of one unit's OWN records (not its children's). Money and hours in hundredths. */
interface Acc {
  visits: number;
  visitsByCampaign: Map<string, number>;
  condolences: number;
  condolencesToUnits: number;
  cashFen: number;
  goodsFen: number;
  fundPersons: Set<string>;
  fundFen: number;
  needsOpened: number;
  needsClosed: number;
  activities: number;
  activitiesByTheme: Map<string, number>;
  participations: number;
  peopleServed: number;
  hoursCenti: number;
  personsReceived: number;
}

function newAcc(): Acc {
  return {
    visits: 0,
    visitsByCampaign: new Map(),
    condolences: 0,
    condolencesToUnits: 0,
    cashFen: 0,
    goodsFen: 0,
    fundPersons: new Set(),
    fundFen: 0,
    needsOpened: 0,
    needsClosed: 0,
    activities: 0,
    activitiesByTheme: new Map(),
    participations: 0,
    peopleServed: 0,
    hoursCenti: 0,
    personsReceived: 0,
  };
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Keys of a vocabulary first, in its order, then any other key seen (configured or imported labels). */
function keyed(vocab: readonly string[], map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of vocab) out[k] = map.get(k) ?? 0;
  for (const [k, v] of map) if (!(k in out)) out[k] = v;
  return out;
}

const AIDED = new Set<string>(['已帮扶', '已办结']);

export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly reason: 'bad_period' | 'unknown_unit',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Computes the summary. One pass over each iterable, one map lookup per record (maps keyed by unit id):
 * 100,000 records take a few milliseconds. Throws ReportError for from > to or a unit not in the tree
 * (date format is the caller's boundary check).
 */
export function summarize(tree: OrgTree | OrgIndex, records: ReportInput, q: ReportQuery): ReportSummary {
  const org = tree instanceof OrgIndex ? tree : new OrgIndex(tree);
  const { from, to } = q;
  if (from > to) throw new ReportError('bad_period', `开始日期 ${from} 晚于结束日期 ${to}`);
  const root = org.byId.get(q.unitId);
  if (!root) throw new ReportError('unknown_unit', `未知的单位 ${q.unitId}`);

  // One accumulator per unit in the requested subtree: a record whose unit has none is outside and skipped.
  const accs = new Map<string, Acc>(org.subtree(root.id).map((id) => [id, newAcc()]));
  const inPeriod = (d: string | null): boolean => d !== null && d >= from && d <= to;

  for (const v of records.visits ?? []) {
    if (!inPeriod(v.date) || isVoided(v)) continue;
    const a = accs.get(v.communityId);
    if (!a) continue;
    a.visits++;
    bump(a.visitsByCampaign, v.campaign);
  }
  for (const c of records.condolences ?? []) {
    if (!inPeriod(c.date) || isVoided(c)) continue;
    const a = accs.get(c.communityId);
    if (!a) continue;
    if (c.personId === null) a.condolencesToUnits++;
    else a.condolences++;
    a.cashFen += c.cashFen;
    a.goodsFen += c.goodsValueFen;
  }
  const reachedAided = new Set<string>();
  for (const s of records.needSteps ?? []) if (s.to === '已帮扶') reachedAided.add(s.needId);
  for (const n of records.needs ?? []) {
    const a = accs.get(n.communityId);
    if (!a) continue;
    if (inPeriod(n.openedDate)) a.needsOpened++;
    if (inPeriod(n.closedDate)) a.needsClosed++;
    const granted = n.amountGrantedFen ?? 0;
    if (granted > 0 && inPeriod(n.grantDate) && (AIDED.has(n.status) || reachedAided.has(n.id))) {
      a.fundPersons.add(n.personId);
      a.fundFen += granted;
    }
  }
  for (const t of records.activities ?? []) {
    if (!inPeriod(t.date) || isVoided(t)) continue;
    const a = accs.get(t.unitId);
    if (!a) continue;
    a.activities++;
    bump(a.activitiesByTheme, t.theme);
    a.participations += t.volunteerCount;
    a.peopleServed += t.peopleServed;
    a.hoursCenti += Math.round(t.hours * 100);
  }
  for (const p of records.persons ?? []) {
    // A duplicate waiting to merge is the same person as its original: counted once, as the original (R5).
    if (typeof p.duplicateOf === 'string' || !inPeriod(p.receivedDate)) continue;
    const a = accs.get(p.communityId);
    if (a) a.personsReceived++;
  }

  const build = (id: string): { summary: ReportSummary; acc: Acc } => {
    const unit = org.byId.get(id);
    const own = accs.get(id);
    if (!unit || !own) throw new ReportError('unknown_unit', `未知的单位 ${id}`);
    const total = newAcc();
    const children: ReportSummary[] = [];
    const merge = (a: Acc): void => {
      total.visits += a.visits;
      for (const [k, v] of a.visitsByCampaign) bump(total.visitsByCampaign, k, v);
      total.condolences += a.condolences;
      total.condolencesToUnits += a.condolencesToUnits;
      total.cashFen += a.cashFen;
      total.goodsFen += a.goodsFen;
      for (const p of a.fundPersons) total.fundPersons.add(p);
      total.fundFen += a.fundFen;
      total.needsOpened += a.needsOpened;
      total.needsClosed += a.needsClosed;
      total.activities += a.activities;
      for (const [k, v] of a.activitiesByTheme) bump(total.activitiesByTheme, k, v);
      total.participations += a.participations;
      total.peopleServed += a.peopleServed;
      total.hoursCenti += a.hoursCenti;
      total.personsReceived += a.personsReceived;
    };
    merge(own);
    for (const c of org.children.get(id) ?? []) {
      const child = build(c.id);
      children.push(child.summary);
      merge(child.acc);
    }
    const summary: ReportSummary = {
      from,
      to,
      unit: { id: unit.id, name: unit.name, level: unit.level },
      visits: total.visits,
      visitsByCampaign: keyed(CAMPAIGNS, total.visitsByCampaign),
      condolences: total.condolences,
      condolencesToUnits: total.condolencesToUnits,
      condolenceCashYuan: total.cashFen / 100,
      condolenceGoodsYuan: total.goodsFen / 100,
      fundAidedPersons: total.fundPersons.size,
      fundAmountYuan: total.fundFen / 100,
      needsOpened: total.needsOpened,
      needsClosed: total.needsClosed,
      volunteerActivities: total.activities,
      activitiesByTheme: keyed(ACTIVITY_THEMES, total.activitiesByTheme),
      volunteerParticipations: total.participations,
      volunteerPeopleServed: total.peopleServed,
      volunteerHours: total.hoursCenti / 100,
      personsReceived: total.personsReceived,
      children,
    };
    return { summary, acc: total };
  };
  return build(root.id).summary;
}

/** The numeric keys of a summary, in contract order: the columns of the table and of the CSV/XLSX export. */
export const SUMMARY_FIGURES = [
  ['visits', '走访（人次）'],
  ['condolences', '慰问（人次）'],
  ['condolencesToUnits', '慰问单位（次）'],
  ['condolenceCashYuan', '慰问金（元）'],
  ['condolenceGoodsYuan', '慰问物资（元）'],
  ['fundAidedPersons', '帮扶基金（人）'],
  ['fundAmountYuan', '帮扶基金（元）'],
  ['needsOpened', '新增困难诉求（件）'],
  ['needsClosed', '办结困难诉求（件）'],
  ['volunteerActivities', '志愿服务活动（场）'],
  ['volunteerParticipations', '参与志愿服务（人次）'],
  ['volunteerPeopleServed', '服务群众（人次）'],
  ['volunteerHours', '服务时长（小时）'],
  ['personsReceived', '接收退役士兵（人）'],
] as const satisfies readonly (readonly [keyof ReportSummary, string])[];

/** The summary and its descendants, depth first (parent before children): rows of a flat table or export. */
export function flattenSummary(s: ReportSummary, depth = 0): { depth: number; summary: ReportSummary }[] {
  return [{ depth, summary: s }, ...s.children.flatMap((c) => flattenSummary(c, depth + 1))];
}
