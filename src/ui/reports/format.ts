/**
 * Numbers as the bureau writes them (3575 人次, 3 万元): no digit grouping, money with at most 2 decimals,
 * 万元 with at most 4 (so a grant of 1,800 元 shows as 0.18 万元 and no yuan is lost to rounding).
 */
const plain = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false });
const wan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4, useGrouping: false });

export function formatNumber(n: number): string {
  return plain.format(n);
}

export function formatWan(yuan: number): string {
  return wan.format(yuan / 10_000);
}
