/** Calendar dates travel as `YYYY-MM-DD` strings in China Standard Time; no time zone arithmetic on them. */
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(s: string): boolean {
  // Arithmetic on the digits, no Date and no split: every date field of every pushed record passes here.
  if (s.length !== 10 || !DATE_RE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48);
  const d = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  // Years below 100 were never real here (Date.UTC read them as 19xx, so they failed): kept that way.
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;
/** The China day last formatted, as [first ms, end ms, text]: a push checks every ID number against today. */
let lastDay: [number, number, string] = [0, 0, ''];

/** Today's date in China (UTC+8, no DST), from the given instant. */
export function chinaDate(now: Date = new Date()): string {
  const t = now.getTime();
  if (t >= lastDay[0] && t < lastDay[1]) return lastDay[2];
  const start = Math.floor((t + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  if (!Number.isFinite(start)) return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  lastDay = [start, start + DAY_MS, new Date(start + CHINA_OFFSET_MS).toISOString().slice(0, 10)];
  return lastDay[2];
}

const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant (ISO text) as China time for people, e.g. `2026/12/01 16:05`; text that is no instant as given. */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : CHINA_TIME.format(t);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
