import { addDays } from './dates.ts';
import { OPEN_STATUSES } from './need-workflow.ts';
import type { Condolence } from './records/condolence.ts';
import type { Need } from './records/need.ts';
import type { Person } from './records/person.ts';
import type { Visit } from './records/visit.ts';
import { DEFAULT_TRIGGERS } from './vocab.ts';
import { roundsOfYear, type HolidayRound } from './worklist-holidays.ts';
import { isVoided } from './records/common.ts';

/**
 * The must-visit list (必访清单), computed on the device over its own area, offline. Pure.
 *
 * What puts a person on the list ("open" means: nothing recorded since that clears it):
 * - trigger   — the person's LATEST visit was a 六必访 visit whose follow-up date has come, and no visit was
 *               recorded after it. A 六必访 visit is one of campaign 六必访, or one whose trigger label is in the
 *               configured list (`config.triggers`). The campaign alone suffices: a visit recorded under a label
 *               the district has since removed from its list is still a 六必访 follow-up (the label is history,
 *               kept as recorded), so editing the list never turns open 六必访 items into 约定回访.
 *               A listed label on a visit of another campaign also counts (an import may carry one).
 * - followUp  — the same for any other visit with a follow-up date.
 * - raisedNeed — the latest visit recorded needs raised (诉求/困难) but no need was opened for the person on or
 *               after that visit's date, and no visit was recorded after it.
 * - need      — an open need (登记/已转介/已申请基金/已帮扶) whose follow-up date has come, without a visit to the
 *               person on or after that date.
 * - quarterly — a priority person (重点联系) with no visit of any method in the current calendar quarter.
 * - homeVisit — a priority person with no 入户走访 visit in the current calendar year.
 * - holiday   — within `holidayLeadDays` before 春节 or 八一 (and on the day), a priority person with no visit or
 *               condolence in the round's window.
 * Recording a visit (dated today, without a new follow-up date or needs raised) clears every kind for that
 * person; `homeVisit` only when the visit is 入户走访. A condolence clears only the holiday round.
 * Only persons 在册 appear; moved-out and deceased persons never do. Records of persons not passed in are ignored.
 */
export const WORKLIST_KINDS = [
  'trigger',
  'raisedNeed',
  'need',
  'holiday',
  'followUp',
  'quarterly',
  'homeVisit',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

export const WORKLIST_KIND_LABELS: Record<WorklistKind, string> = {
  trigger: '六必访回访',
  raisedNeed: '诉求待登记',
  need: '困难帮扶待跟进',
  holiday: '节日走访慰问',
  followUp: '约定回访',
  quarterly: '季度联系',
  homeVisit: '年度入户走访',
};

export interface WorklistItem {
  /** Stable across recomputations: `${kind}:${personId}[:needId]`. */
  readonly key: string;
  readonly kind: WorklistKind;
  readonly personId: string;
  readonly personName: string;
  readonly communityId: string;
  /** Why the person is on the list, in Chinese, with the dates that matter. */
  readonly reason: string;
  /** The date the item became due (sorting: oldest first within a kind). */
  readonly since: string;
  readonly needId: string | null;
}

export interface WorklistConfig {
  /** The 六必访 trigger list (configuration; docs/domain.md default). */
  readonly triggers?: readonly string[];
  /** How many days before 春节 / 八一 the round opens. */
  readonly holidayLeadDays?: number;
}

export interface WorklistInput {
  readonly persons: Iterable<Person>;
  readonly visits?: Iterable<Visit>;
  readonly needs?: Iterable<Need>;
  readonly condolences?: Iterable<Condolence>;
}

export const DEFAULT_HOLIDAY_LEAD_DAYS = 20;

interface PersonFacts {
  latest: Visit | null;
  lastHomeVisit: string | null;
  lastContact: string | null;
  lastCondolence: string | null;
  latestNeedOpened: string | null;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function quarterOf(today: string): { q: number; start: string; end: string } {
  const y = today.slice(0, 4);
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const startMonth = String((q - 1) * 3 + 1).padStart(2, '0');
  const nextStart = q === 4 ? `${Number(y) + 1}-01-01` : `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { q, start: `${y}-${startMonth}-01`, end: addDays(nextStart, -1) };
}

/** The round whose window [date − lead, date] contains today, if any. */
export function currentRound(
  today: string,
  leadDays = DEFAULT_HOLIDAY_LEAD_DAYS,
): (HolidayRound & { opens: string }) | null {
  const y = Number(today.slice(0, 4));
  for (const r of [...roundsOfYear(y), ...roundsOfYear(y + 1)]) {
    const opens = addDays(r.date, -leadDays);
    if (today >= opens && today <= r.date) return { ...r, opens };
  }
  return null;
}

const max = (a: string | null, b: string): string => (a === null || b > a ? b : a);

export function buildWorklist(
  input: WorklistInput,
  today: string,
  config: WorklistConfig = {},
): WorklistItem[] {
  const triggers = new Set(config.triggers ?? DEFAULT_TRIGGERS);
  const lead = config.holidayLeadDays ?? DEFAULT_HOLIDAY_LEAD_DAYS;
  const persons = new Map<string, Person>();
  const facts = new Map<string, PersonFacts>();
  for (const p of input.persons) {
    if (p.status !== '在册') continue;
    persons.set(p.id, p);
    facts.set(p.id, {
      latest: null,
      lastHomeVisit: null,
      lastContact: null,
      lastCondolence: null,
      latestNeedOpened: null,
    });
  }
  // Only records dated up to today count: a visit typed with a future date does not clear anything yet. A voided
  // visit or condolence (SPEC.md R4) was never made: it clears nothing.
  for (const v of input.visits ?? []) {
    const f = facts.get(v.personId);
    if (!f || v.date > today || isVoided(v)) continue;
    if (
      !f.latest ||
      v.date > f.latest.date ||
      (v.date === f.latest.date && v.createdAt > f.latest.createdAt)
    ) {
      f.latest = v;
    }
    f.lastContact = max(f.lastContact, v.date);
    if (v.method === '入户走访') f.lastHomeVisit = max(f.lastHomeVisit, v.date);
  }
  for (const c of input.condolences ?? []) {
    const f = c.personId === null ? undefined : facts.get(c.personId);
    if (f && c.date <= today && !isVoided(c)) f.lastCondolence = max(f.lastCondolence, c.date);
  }
  const needs: Need[] = [];
  for (const n of input.needs ?? []) {
    const f = facts.get(n.personId);
    if (!f) continue;
    f.latestNeedOpened = max(f.latestNeedOpened, n.openedDate);
    needs.push(n);
  }

  const items: WorklistItem[] = [];
  const push = (
    kind: WorklistKind,
    p: Person,
    reason: string,
    since: string,
    needId: string | null = null,
  ): void => {
    items.push({
      key: needId ? `${kind}:${p.id}:${needId}` : `${kind}:${p.id}`,
      kind,
      personId: p.id,
      personName: p.name,
      communityId: p.communityId,
      reason,
      since,
      needId,
    });
  };

  const quarter = quarterOf(today);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const round = currentRound(today, lead);

  for (const [id, p] of persons) {
    const f = facts.get(id);
    if (!f) continue;
    const v = f.latest;
    if (v && v.followUpDate !== null && v.followUpDate <= today) {
      const overdue = daysBetween(v.followUpDate, today);
      const late = overdue > 0 ? `，已逾期${overdue}天` : '，今天到期';
      if (v.campaign === '六必访' || (v.trigger !== null && triggers.has(v.trigger))) {
        const label = v.trigger === null ? '' : `「${v.trigger}」`;
        push('trigger', p, `六必访${label}：${v.date}走访，约定${v.followUpDate}回访${late}`, v.followUpDate);
      } else {
        push('followUp', p, `${v.date}${v.campaign}走访约定${v.followUpDate}回访${late}`, v.followUpDate);
      }
    } else if (
      v &&
      v.needsRaised.trim() !== '' &&
      (f.latestNeedOpened === null || f.latestNeedOpened < v.date)
    ) {
      const said = v.needsRaised.trim().slice(0, 30);
      push('raisedNeed', p, `${v.date}走访时提出诉求「${said}」，尚未登记帮扶需求`, v.date);
    }
    if (p.contactTier !== '重点联系') continue;
    if (
      round &&
      (f.lastContact === null || f.lastContact < round.opens) &&
      (f.lastCondolence === null || f.lastCondolence < round.opens)
    ) {
      push(
        'holiday',
        p,
        `${round.name}（${round.date}）走访慰问：重点联系对象，本轮尚未走访或慰问`,
        round.opens,
      );
    }
    if (f.lastContact === null || f.lastContact < quarter.start) {
      push(
        'quarterly',
        p,
        `重点联系对象：${today.slice(0, 4)}年第${quarter.q}季度尚未联系，请于${quarter.end}前联系`,
        quarter.start,
      );
    }
    if (f.lastHomeVisit === null || f.lastHomeVisit < yearStart) {
      const last = f.lastHomeVisit ? `上次入户${f.lastHomeVisit}` : '尚无入户走访记录';
      push('homeVisit', p, `重点联系对象：${today.slice(0, 4)}年尚未入户走访（${last}）`, yearStart);
    }
  }

  for (const n of needs) {
    const p = persons.get(n.personId);
    const f = facts.get(n.personId);
    if (!p || !f || !OPEN_STATUSES.has(n.status) || n.followUpDate === null || n.followUpDate > today)
      continue;
    if (f.lastContact !== null && f.lastContact >= n.followUpDate) continue;
    const overdue = daysBetween(n.followUpDate, today);
    const late = overdue > 0 ? `已逾期${overdue}天` : '今天到期';
    push(
      'need',
      p,
      `困难帮扶「${n.category}」（${n.status}）约定${n.followUpDate}跟进，${late}`,
      n.followUpDate,
      n.id,
    );
  }

  const order = new Map(WORKLIST_KINDS.map((k, i) => [k, i]));
  return items.sort(
    (a, b) =>
      (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) ||
      a.since.localeCompare(b.since) ||
      a.personName.localeCompare(b.personName, 'zh-CN') ||
      a.key.localeCompare(b.key),
  );
}
