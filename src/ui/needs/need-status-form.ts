import { canMove } from '../../model/need-workflow.ts';
import type { Need, NeedStep } from '../../model/records/need.ts';
import { FUND_SOURCES, NEED_STATUSES, type NeedStatus } from '../../model/vocab.ts';
import type { NewRecord } from '../../db/repository.ts';
import { dateError, put, required, yuanToFen, type Errors } from '../forms/checks.ts';

export interface NeedStatusValues extends Record<string, string | string[]> {
  to: string;
  note: string;
  declineReason: string;
  withFund: string;
  fundSource: string;
  amount: string;
  grantDate: string;
}

export function emptyNeedStatus(today: string): NeedStatusValues {
  return { to: '', note: '', declineReason: '', withFund: '', fundSource: '', amount: '', grantDate: today };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

export const NEED_STATUS_RENAME = { amountGrantedFen: 'amount', amountFen: 'amount', status: 'to' };

/**
 * A status change = a patch of the need + an append-only needStep (src/model/need-workflow.ts decides which
 * moves are allowed). 不予帮扶 needs a reason; 已帮扶 with a fund needs its source, amount and grant date.
 */
export function checkNeedStatus(
  v: NeedStatusValues,
  need: Need,
  today: string,
  byName: string,
): { ok: true; patch: Partial<Need>; step: NewRecord<'needStep'> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  put(errors, 'to', required(v.to, '请选择新状态'));
  if (v.to && (!oneOf(NEED_STATUSES, v.to) || !canMove(need.status, v.to))) {
    put(errors, 'to', `“${need.status}”不能改为“${v.to}”`);
  }
  if (v.to === '不予帮扶') put(errors, 'declineReason', required(v.declineReason, '请填写不予帮扶的原因'));
  const fund = v.to === '已帮扶' && v.withFund === 'yes';
  const amount = yuanToFen(v.amount, false);
  if (fund) {
    put(errors, 'fundSource', required(v.fundSource, '请选择资金来源'));
    if (!amount.ok) put(errors, 'amount', amount.message);
    put(errors, 'grantDate', dateError(v.grantDate, '发放日期', true));
  }
  if (Object.keys(errors).length > 0 || !oneOf(NEED_STATUSES, v.to)) return { ok: false, errors };
  const to: NeedStatus = v.to;
  const fundSource = fund && oneOf(FUND_SOURCES, v.fundSource) ? v.fundSource : null;
  const amountFen = fund && amount.ok ? amount.fen : null;
  const patch: Partial<Need> = { status: to };
  if (to === '不予帮扶') patch.declineReason = v.declineReason.trim();
  if (fund) {
    patch.fundSource = fundSource;
    patch.amountGrantedFen = amountFen;
    patch.grantDate = v.grantDate;
  }
  if (to === '已办结' || to === '不予帮扶') patch.closedDate = today;
  const step: NewRecord<'needStep'> = {
    needId: need.id,
    personId: need.personId,
    communityId: need.communityId,
    from: need.status,
    to,
    date: today,
    note: (to === '不予帮扶' ? v.declineReason : v.note).trim(),
    byName,
    fundSource,
    amountFen,
  };
  return { ok: true, patch, step };
}

export type { NeedStep };
