import { z } from 'zod';
import { UUID_RE } from '../ids.ts';
import { isRealDate } from '../dates.ts';
import { MAX_FEN } from '../money.ts';

export const recordId = z.string().regex(UUID_RE, '记录编号格式不正确');
export const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且真实存在' });
export const fen = z
  .number()
  .int('金额应以分为单位的整数')
  .min(0, '金额不能为负数')
  .max(MAX_FEN, '金额过大，请核对');
export const text = (max: number) => z.string().max(max, `不能超过${max}个字`);
export const requiredText = (max: number, message: string) =>
  z.string().trim().min(1, message).max(max, `不能超过${max}个字`);

/**
 * Fields every record carries. `createdAt`/`updatedAt` are the device's clock: shown to people, never used
 * for ordering or cursors (SPEC.md P9).
 */
export const base = {
  id: recordId,
  createdAt: z.string().max(40),
  createdBy: z.string().max(80),
  updatedAt: z.string().max(40),
};

/**
 * 作废 (SPEC.md R4): a visit, condolence or activity entered in error is voided, never deleted: it stays with who
 * voided it, when and why, and counts in no figure. Optional, so records and clients from before stay valid.
 * `voidedAt` is the device's clock, shown to people only (like `updatedAt`).
 */
export const voidable = {
  voidedAt: z.string().min(1).max(40).optional(),
  voidedBy: z.string().max(80).optional(),
  voidReason: z.string().trim().max(200, '不能超过200个字').optional(),
};

/** A void names its reason: the refinement every voidable schema runs. */
export function checkVoid(
  r: { voidedAt?: string | undefined; voidReason?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (r.voidedAt !== undefined && !r.voidReason) {
    ctx.addIssue({ code: 'custom', path: ['voidReason'], message: '请填写作废原因' });
  }
}

/** True for a voided record: shown as 已作废 and counted nowhere. */
export function isVoided(r: { readonly voidedAt?: string | undefined }): boolean {
  return r.voidedAt !== undefined;
}
