import { chinaDate, isRealDate } from './dates.ts';
import { toHalfWidth } from './half-width.ts';

/** GB 11643-1999 resident ID number: 6-digit area, birth date YYYYMMDD, 3-digit sequence, check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberResult =
  { ok: true; value: string; birthDate: string; sex: '男' | '女' } | { ok: false; message: string };

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * What a worker pastes or types, in the one form the registry keeps: full-width digits and letters (an IME in
 * full-width mode types `４４０３…`) become ASCII, spaces of any width and the hyphens people group digits with
 * go, `x` becomes `X`. Nothing else changes, so a wrong character still gets its own message below.
 */
export function normalizeIdNumber(input: string): string {
  return toHalfWidth(input)
    .replace(/[\s\-\u2010-\u2015]/g, '')
    .toUpperCase();
}

/**
 * Checks a resident ID number after normalising it (`value` is the normalised form to store). `today` is the
 * China calendar date the birth date may not pass; the caller's clock by default (the server uses its own).
 */
export function checkIdNumber(input: string, today: string = chinaDate()): IdNumberResult {
  const value = normalizeIdNumber(input);
  if (value === '') return { ok: false, message: '请填写身份证号' };
  if (!/^\d{17}[\dX]$/.test(value)) {
    return {
      ok: false,
      message: `身份证号应为18位数字，最后一位可为X（现为${value.length}位${/^[\dX]*$/.test(value) ? '' : '，含其他字符'}）`,
    };
  }
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealDate(birth)) return { ok: false, message: '身份证号中的出生日期不存在' };
  if (birth < '1900-01-01') return { ok: false, message: '身份证号中的出生日期早于1900年，请核对' };
  if (birth > today) return { ok: false, message: '身份证号中的出生日期晚于今天，请核对' };
  if (idCheckChar(value.slice(0, 17)) !== value[17]) {
    return { ok: false, message: '身份证号校验位不正确，请核对' };
  }
  const seq = Number(value[16]);
  return { ok: true, value, birthDate: birth, sex: seq % 2 === 1 ? '男' : '女' };
}

/** Lists show `340524********001X`: area code and last four only (PIPL art. 51). */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
