import type { NeedStatus } from './vocab.ts';

/**
 * The need status workflow (docs/domain.md): 登记 → 已转介 → 已申请基金 → 已帮扶 → 已办结, or 不予帮扶 with a reason.
 * Steps may be skipped forward (a need can be aided without referral); closed and declined are final.
 */
export const NEXT_STATUSES: Record<NeedStatus, readonly NeedStatus[]> = {
  登记: ['已转介', '已申请基金', '已帮扶', '已办结', '不予帮扶'],
  已转介: ['已申请基金', '已帮扶', '已办结', '不予帮扶'],
  已申请基金: ['已帮扶', '不予帮扶'],
  已帮扶: ['已办结'],
  已办结: [],
  不予帮扶: [],
};

export function canMove(from: NeedStatus, to: NeedStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

export const OPEN_STATUSES: ReadonlySet<NeedStatus> = new Set(['登记', '已转介', '已申请基金', '已帮扶']);
