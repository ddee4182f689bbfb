import { periodContaining, type Period } from '../../model/report-period.ts';

/** The periods the 报表 screen offers, as radio chips; `custom` takes the user's own from/to dates. */
export const PRESETS = [
  { id: 'thisYear', label: '本年' },
  { id: 'lastYear', label: '上年' },
  { id: 'thisQuarter', label: '本季度' },
  { id: 'thisMonth', label: '本月' },
  { id: 'custom', label: '自定义' },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

/** The period of a preset around `today` (YYYY-MM-DD, China date); null for `custom`. */
export function presetPeriod(id: PresetId, today: string): Period | null {
  const previousYear = `${Number(today.slice(0, 4)) - 1}-01-01`;
  const periods: Record<PresetId, () => Period | null> = {
    thisYear: () => periodContaining('year', today),
    lastYear: () => periodContaining('year', previousYear),
    thisQuarter: () => periodContaining('quarter', today),
    thisMonth: () => periodContaining('month', today),
    custom: () => null,
  };
  return periods[id]();
}

/** A calendar year as a period (年终汇总). */
export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
