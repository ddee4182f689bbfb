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
