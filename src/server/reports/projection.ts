import type { Kind } from '../../model/kinds.ts';
import type { Activity } from '../../model/records/activity.ts';
import type { Condolence } from '../../model/records/condolence.ts';
import type { Need, NeedStep } from '../../model/records/need.ts';
import type { Person } from '../../model/records/person.ts';
import type { Visit } from '../../model/records/visit.ts';
import type {
  ReportActivity,
  ReportCondolence,
  ReportNeed,
  ReportNeedStep,
  ReportPerson,
  ReportVisit,
} from '../../model/report.ts';

/**
 * The report projection of a record: only the fields `summarize` reads (model/report.ts `Report*` types), kept
 * by the store in the record's own row and written in the same statement as the record, so the year summary
 * parses a few short JSON objects instead of whole records. The figure is still computed by `summarize`.
 *
 * `lo`/`hi` bound every date by which the record can count: a period [from, to] can only be affected by a row
 * with `lo ≤ to AND hi ≥ from` (the stores index `hi`, so a year's summary does not read older years). A record
 * with no date bound — a need step to 已帮扶 marks its need aided whatever the step's date — gets the widest
 * bounds, UNBOUNDED. Records that can never count get no projection at all: tombstones, persons never
 * received (no receivedDate), need steps to any other status, voided visits, condolences and activities
 * (SPEC.md R4: so a projection never holds `voidedAt`, and voiding needed no PROJECTION_VERSION bump), kinds
 * no report reads.
 *
 * Important: changing what a projection holds (a new field in a `Report*` type) must bump
 * `PROJECTION_VERSION`: stores recompute every row's projection on open when their stored version differs.
 */
export const PROJECTION_VERSION = 2;

/** Bounds of a record that may count in any period: below and above every `YYYY-MM-DD`. */
export const UNBOUNDED = { lo: '0000-01-01', hi: '9999-12-31' } as const;

export interface Projection {
  /** JSON text of the `Report*` object. */
  readonly json: string;
  readonly lo: string;
  readonly hi: string;
}

/** Kinds whose records may carry a projection. */
export const PROJECTED_KINDS: readonly Kind[] = [
  'person',
  'visit',
  'condolence',
  'need',
  'needStep',
  'activity',
];

const dated = (fields: object, date: string): Projection => ({
  json: JSON.stringify(fields),
  lo: date,
  hi: date,
});

/** `data` is a live record as stored (validated on write); null for a tombstone. */
export function reportProjection(
  kind: Kind,
  data: Readonly<Record<string, unknown>> | null,
): Projection | null {
  if (data === null) return null;
  if (typeof data['voidedAt'] === 'string') return null;
  switch (kind) {
    case 'person': {
      const p = data as unknown as Person;
      // A duplicate waiting to merge counts nowhere (SPEC.md R5).
      if (typeof p.receivedDate !== 'string' || typeof p.duplicateOf === 'string') return null;
      return dated(
        { communityId: p.communityId, receivedDate: p.receivedDate } satisfies ReportPerson,
        p.receivedDate,
      );
    }
    case 'visit': {
      const v = data as unknown as Visit;
      return dated(
        { communityId: v.communityId, date: v.date, campaign: v.campaign } satisfies ReportVisit,
        v.date,
      );
    }
    case 'condolence': {
      const c = data as unknown as Condolence;
      const fields: ReportCondolence = {
        communityId: c.communityId,
        date: c.date,
        personId: c.personId,
        cashFen: c.cashFen,
        goodsValueFen: c.goodsValueFen,
      };
      return dated(fields, c.date);
    }
    case 'need': {
      const n = data as unknown as Need;
      const fields: ReportNeed = {
        id: n.id,
        personId: n.personId,
        communityId: n.communityId,
        status: n.status,
        openedDate: n.openedDate,
        closedDate: n.closedDate,
        grantDate: n.grantDate,
        amountGrantedFen: n.amountGrantedFen,
      };
      const dates = [n.openedDate, n.closedDate, n.grantDate]
        .filter((d): d is string => typeof d === 'string')
        .sort();
      // No date at all: no bound (the need is read for every period, and summarize decides).
      return { json: JSON.stringify(fields), lo: dates[0] ?? UNBOUNDED.lo, hi: dates.at(-1) ?? UNBOUNDED.hi };
    }
    case 'needStep': {
      const s = data as unknown as NeedStep;
      if (s.to !== '已帮扶') return null;
      const fields: ReportNeedStep = { needId: s.needId, to: s.to };
      return { json: JSON.stringify(fields), ...UNBOUNDED };
    }
    case 'activity': {
      const t = data as unknown as Activity;
      const fields: ReportActivity = {
        unitId: t.unitId,
        date: t.date,
        theme: t.theme,
        volunteerCount: t.volunteerCount,
        peopleServed: t.peopleServed,
        hours: t.hours,
      };
      return dated(fields, t.date);
    }
    default:
      return null;
  }
}
