import { isRealDate } from './dates.ts';

/** The periods the report screen offers; `custom` takes the user's from/to. */
export const PERIOD_KINDS = ['year', 'quarter', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_LABELS: Record<PeriodKind, string> = {
  year: '本年',
  quarter: '本季度',
  month: '本月',
  custom: '自定义',
};

export interface Period {
  readonly from: string;
  readonly to: string;
}

function lastDay(y: number, m: number): string {
  // Day 0 of the next month is the last day of month m (1-based).
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar year, quarter or month that contains `today` (YYYY-MM-DD, China date). */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, today: string): Period {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (kind === 'month') return { from: `${y}-${pad(m)}-01`, to: lastDay(y, m) };
  const q0 = Math.floor((m - 1) / 3) * 3 + 1;
  return { from: `${y}-${pad(q0)}-01`, to: lastDay(y, q0 + 2) };
}

export type PeriodCheck = { ok: true; period: Period } | { ok: false; message: string };

/** The boundary check of a period typed by a person or sent in a query string. */
export function checkPeriod(from: unknown, to: unknown): PeriodCheck {
  if (typeof from !== 'string' || !isRealDate(from))
    return { ok: false, message: '开始日期应为 YYYY-MM-DD 且真实存在' };
  if (typeof to !== 'string' || !isRealDate(to))
    return { ok: false, message: '结束日期应为 YYYY-MM-DD 且真实存在' };
  if (from > to) return { ok: false, message: `开始日期 ${from} 晚于结束日期 ${to}` };
  return { ok: true, period: { from, to } };
}
