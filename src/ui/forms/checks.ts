import { checkIdNumber } from '../../model/id-number.ts';
import { checkMobile } from '../../model/mobile.ts';
import { parseYuan } from '../../model/money.ts';
import { chinaDate, isRealDate } from '../../model/dates.ts';

/**
 * Field checks with the Chinese messages shown beside the field. They use the shared validators of
 * src/model, so the form says what the schema would say, before anything is written.
 * Each returns the message, or null when the value is fine.
 */
export type Errors = Record<string, string>;

export function required(value: string | readonly string[], message: string): string | null {
  return (typeof value === 'string' ? value.trim() === '' : value.length === 0) ? message : null;
}

export function idNumberError(value: string): string | null {
  const r = checkIdNumber(value);
  return r.ok ? null : r.message;
}

/** An optional mobile: empty is fine. */
export function mobileError(value: string): string | null {
  if (value.trim() === '') return null;
  const r = checkMobile(value);
  return r.ok ? null : r.message;
}

/** Money in yuan → fen; empty counts as 0 when `optional`. */
export function yuanToFen(
  value: string,
  optional: boolean,
): { ok: true; fen: number } | { ok: false; message: string } {
  if (optional && value.trim() === '') return { ok: true, fen: 0 };
  return parseYuan(value);
}

/** A required calendar date, not after today (China time) when `notFuture`. */
export function dateError(value: string, label: string, notFuture: boolean): string | null {
  if (value.trim() === '') return `请填写${label}`;
  if (!isRealDate(value)) return `${label}格式应为 YYYY-MM-DD 且真实存在`;
  if (notFuture && value > chinaDate()) return `${label}不能晚于今天`;
  return null;
}

/** An optional calendar date. */
export function optionalDateError(value: string, label: string): string | null {
  if (value.trim() === '') return null;
  return isRealDate(value) ? null : `${label}格式应为 YYYY-MM-DD 且真实存在`;
}

/** Adds `message` under `field` when it is not null; returns whether it was added. */
export function put(errors: Errors, field: string, message: string | null): void {
  if (message && !errors[field]) errors[field] = message;
}

export function intOrNull(value: string): number | null {
  if (!/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}
