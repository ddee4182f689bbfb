import { toHalfWidth } from './half-width.ts';

export type MobileResult = { ok: true; value: string } | { ok: false; message: string };

/** Mainland mobile: 11 digits `^1[3-9]\d{9}$`, with an optional +86 / 0086 prefix that is dropped. */
export function checkMobile(input: string): MobileResult {
  const compact = toHalfWidth(input).replace(/[\s-]/g, '');
  const value = compact.replace(/^(\+86|0086)/, '');
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, message: '手机号应为11位，以13–19开头' };
  return { ok: true, value };
}

/** Lists show `138****1234`. */
export function maskMobile(mobile: string): string {
  if (mobile.length !== 11) return mobile.replace(/\d(?=\d{4})/g, '*');
  return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
}
