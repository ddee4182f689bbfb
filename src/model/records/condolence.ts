import { z } from 'zod';
import { GIVING_LEVELS, OCCASIONS } from '../vocab.ts';
import { base, checkVoid, fen, isoDate, recordId, requiredText, text, voidable } from './common.ts';
import { locatable } from './location.ts';

/** 慰问记录: to a person, or to a unit (e.g. a garrison) when personId is null. Money in integer fen. */
export const condolenceSchema = z
  .object({
    ...base,
    personId: recordId.nullable(),
    unitName: text(100).nullable(),
    communityId: z.string().min(1).max(40),
    occasion: z.enum(OCCASIONS, '请选择慰问事由'),
    level: z.enum(GIVING_LEVELS, '请选择慰问层级'),
    cashFen: fen,
    goods: text(500),
    goodsValueFen: fen,
    fundsSource: text(100),
    date: isoDate,
    visitors: requiredText(200, '请填写慰问人员'),
    notes: text(2000),
    photos: z.array(z.string().max(200)).max(20),
    ...voidable,
    ...locatable,
  })
  .superRefine((c, ctx) => {
    checkVoid(c, ctx);
    if (c.personId === null && !c.unitName) {
      ctx.addIssue({ code: 'custom', path: ['unitName'], message: '请选择慰问对象或填写慰问单位' });
    }
    if (c.goodsValueFen > 0 && !c.goods.trim()) {
      ctx.addIssue({ code: 'custom', path: ['goods'], message: '填写了物资价值，请写明物资内容' });
    }
  });
export type Condolence = z.infer<typeof condolenceSchema>;
