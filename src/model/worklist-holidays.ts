/**
 * The dates of the 春节 and 八一 rounds. 春节 moves with the lunar calendar: a table, not an algorithm (the
 * lunar calendar is defined by astronomical observation; a table checked against the published calendar is
 * the reliable source). Extend it before 2035.
 */
export const LUNAR_NEW_YEAR: Readonly<Record<number, string>> = {
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

export interface HolidayRound {
  readonly name: '春节' | '八一';
  readonly date: string;
}

/** The rounds of a year that the table knows (八一 always; 春节 for 2024–2035). */
export function roundsOfYear(year: number): HolidayRound[] {
  const out: HolidayRound[] = [];
  const spring = LUNAR_NEW_YEAR[year];
  if (spring) out.push({ name: '春节', date: spring });
  out.push({ name: '八一', date: `${year}-08-01` });
  return out;
}
